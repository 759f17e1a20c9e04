"""Numerical planning core: savings, candidates, economics, ranking and the multi-year schedule.

Pure numpy / scipy; no database.  The public API is documented in this docstring once complete.
"""
