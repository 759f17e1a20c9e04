"""Benchmark of the renderers against the issue's targets (run by hand, not part of the tests).

Targets: a 10,000-row elimination list PDF in under 10 s and 500 MB peak memory; a
100,000-row XLSX in under 20 s. Each case runs in a child process so its peak RSS is its own.

    .venv/bin/python bench/bench_reports.py            # both cases
    .venv/bin/python bench/bench_reports.py pdf 20000  # one case, another size
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from equipinv.listing import FillerInfo, ListDocument, ListSection, standard_list

TARGETS = {"pdf": (10_000, 10.0, 500.0), "xlsx": (100_000, 20.0, None)}
BASES = (
    "《高耗能落后机电设备（产品）淘汰目录（第一批）》（工节〔2009〕第67号）：Y系列（IP44）三相异步电动机",
    "GB 18613-2020 低于能效3级（准入水平），依法淘汰",
    "国四及以下排放标准营运类柴油货车（吕梁市分解任务第16项）",
)


def elimination_list(rows: int, enterprises: int = 20) -> ListDocument:
    """Realistic rows: ~20 enterprises, long citations, mixed dates and timetable phrases."""
    per = rows // enterprises
    sections = []
    for e in range(enterprises):
        name = f"吕梁市第{e + 1}煤焦化工有限责任公司"
        sections.append(ListSection(name, [
            {
                "enterprise": name,
                "equipment_name": ("三相异步电动机", "离心通风机", "重型柴油货车", "S9 型油浸式电力变压器")[i % 4],
                "model": f"Y2-{200 + i % 150}M-4",
                "quantity": 1 + i % 4,
                "years_in_service": 8.0 + (i % 25) * 0.5,
                "basis": BASES[i % 3],
                "deadline": dt.date(2025 + i % 3, 12, 31) if i % 2 else "2026年底前",
                "replacement_name": f"YE4-{200 + i % 150}M-4 超高效三相异步电动机（能效1级）",
                "remark": "企业自报" if i % 7 == 0 else None,
            }
            for i in range(per if e < enterprises - 1 else rows - per * (enterprises - 1))
        ]))
    filler = FillerInfo("吕梁市工业和信息化局", "王建国", "0358-8221234", dt.date(2026, 11, 20))
    return standard_list("elimination", sections, filler=filler, scope="吕梁市（141100）", section_label="企业")


def run_case(kind: str, rows: int) -> dict[str, float]:
    doc = elimination_list(rows)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"bench.{kind}"
        start = time.perf_counter()
        if kind == "pdf":
            from reports.pdf import render_list_pdf
            pages = render_list_pdf(doc, out).pages
        else:
            from reports.xlsx import render_list_xlsx
            render_list_xlsx(doc, out)
            pages = 0
        seconds = time.perf_counter() - start
        size_mb = out.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    return {"rows": rows, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb, 1),
            "file_mb": round(size_mb, 2), "pages": pages}


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--child":
        print(json.dumps(run_case(argv[1], int(argv[2]))))
        return 0
    cases = [(argv[0], int(argv[1]) if len(argv) > 1 else TARGETS[argv[0]][0])] if argv else [
        (k, v[0]) for k, v in TARGETS.items()]
    failed = False
    for kind, rows in cases:
        child = subprocess.run([sys.executable, __file__, "--child", kind, str(rows)],
                               capture_output=True, text=True, check=True)
        fig = json.loads(child.stdout)
        _, max_s, max_mb = TARGETS[kind]
        ok = fig["seconds"] < max_s and (max_mb is None or fig["peak_rss_mb"] < max_mb)
        failed |= not ok
        limits = f"< {max_s:g} s" + (f", < {max_mb:g} MB" if max_mb else "")
        print(f"{kind:4} {rows:>7,} rows: {fig['seconds']:6.2f} s, peak RSS {fig['peak_rss_mb']:6.1f} MB, "
              f"file {fig['file_mb']:.2f} MB" + (f", {fig['pages']} pages" if fig["pages"] else "")
              + f"  [target {limits}: {'ok' if ok else 'MISSED'}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
