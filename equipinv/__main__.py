"""`python -m equipinv`: the same command as the `equipinv` console script."""

from equipinv.cli import run

run()
