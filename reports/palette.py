"""The colours the summary's charts share, as hex strings: the PDF's reportlab charts and the XLSX's native
charts paint the same figure the same way (no reportlab import here, so the XLSX writer stays light)."""

from __future__ import annotations

LEVELS = ("#2E7D32", "#8BC34A", "#FBC02D", "#E53935", "#9E9E9E", "#1E88E5", "#8E24AA", "#6D4C41")
"""Best level first: green (先进) to red (below access), then grey for ungraded."""

TARGET_BARS = (LEVELS[5], LEVELS[1], LEVELS[0])
"""A target's bars: now (blue), projected by the plan (light green), the target (green)."""
