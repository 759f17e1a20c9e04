"""Reusable pieces of the screens: coloured badges, bar charts, the labelled form field."""
