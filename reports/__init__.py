"""PDF and XLSX renderers of the planner's lists and summary (the types are in equipinv.listing).

They take plain :mod:`equipinv.listing` objects, never a database session:

* :func:`reports.pdf.render_list_pdf` — one list as a landscape-A4 form;
* :func:`reports.summary.render_summary_pdf` — the summary report with its charts;
* :func:`reports.xlsx.render_list_xlsx` — one or several lists as an XLSX workbook;
* :func:`reports.fonts.resolve_font` — the Chinese font a PDF uses (env var, config, else the bundled Noto Sans CJK SC subset).
"""
