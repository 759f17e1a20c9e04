"""Write one document of a scope — one of the lists or the summary — as PDF or XLSX.

The one place the fronts (the CLI's `report`, the TUI's reports screen) turn a document from
`equipinv.services.documents` into a file, so both pick the renderer, the font and the result the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from equipinv.errors import BadInput
from equipinv.listing import ListDocument, SummaryReport
from reports.layout import ProgressCallback
from reports.pdf import render_list_pdf
from reports.summary import render_summary_pdf
from reports.summary_xlsx import render_summary_xlsx
from reports.xlsx import render_list_xlsx


def write_document(document: ListDocument | SummaryReport, fmt: str, path: Path, *, font: str | None,
                   progress: ProgressCallback | None = None) -> dict[str, Any]:
    """Render `document` to `path`; the result names the file, its pages or sheets, rows, font and warnings."""
    if fmt not in ("pdf", "xlsx"):
        raise BadInput(f'格式 "{fmt}" 不支持（可选 pdf、xlsx）', f'unknown format "{fmt}"', field="format", value=fmt)
    if isinstance(document, SummaryReport):
        if fmt == "xlsx":
            return {**render_summary_xlsx(document, path), "warnings": []}
        rendered = render_summary_pdf(document, path, font=font)
    elif fmt == "xlsx":
        written = render_list_xlsx(document, path, progress=progress)
        return {"path": str(written.path.resolve()), "rows": written.rows, "sheets": written.sheets, "warnings": []}
    else:
        rendered = render_list_pdf(document, path, font=font, progress=progress)
    return {"path": str(Path(path).resolve()), "pages": rendered.pages, "rows": rendered.rows,
            "font": rendered.font_name, "missing_chars": rendered.missing_chars, "warnings": rendered.warnings}
