"""Tests of the reports package: PDF and XLSX lists, the summary, fonts."""
