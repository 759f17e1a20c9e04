"""PDF and XLSX renderers of the planner's lists and summary (see equipinv.listing).

They take plain :mod:`equipinv.listing` objects, never a database session.
"""
