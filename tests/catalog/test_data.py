"""The data files: every catalogue loads, counts match the source, OCR fixes are recorded, and every
citation the matcher can print names a document that is in catalogues.toml."""

import csv
import io
from importlib.resources import files

import pytest

from catalog import CATALOGUE_VERSION, catalogues, rule_by_id, rules
from catalog.loader import load
from catalog.normalize import canonical_model


def rows(name):
    text = files("catalog").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))


@pytest.mark.parametrize("batch,items", [(1, 246), (2, 135), (3, 11), (4, 10)])
def test_miit_batches_hold_every_item(batch, items):
    r = rows(f"miit_high_energy_b{batch}.csv")
    assert len({x["item_no"] for x in r}) == items


def test_all_402_miit_items_present():
    assert sum(len({x["item_no"] for x in rows(f"miit_high_energy_b{b}.csv")}) for b in (1, 2, 3, 4)) == 402


def test_every_row_names_source_confidence_and_item():
    for info in catalogues():
        if info.kind != "catalogue":
            continue
        doc = load().documents[info.id]
        for r in rows(doc.file):
            assert r["source"].strip() and r["confidence"].strip() and r["item_no"].strip(), (info.id, r["entry_id"])
            assert r["kind"] in ("mandatory", "advisory"), r["entry_id"]


def test_patterns_are_canonical_and_free_of_ocr_letter_l():
    for info in catalogues():
        if info.kind != "catalogue":
            continue
        for r in rows(load().documents[info.id].file):
            for p in filter(None, (x.strip() for x in r["patterns"].split(";"))):
                assert p == canonical_model(p)
                assert "l" not in p, (r["entry_id"], p)


@pytest.mark.parametrize("entry_id,fixed,fix_text", [
    ("miit-b1-3-1", "SJ1", "SJl→SJ1"), ("miit-b1-4-44", "SZP10-13", "SZPl0→SZP10"),
    ("miit-b1-6-87", "250JD140", "250JDl40→250JD140"), ("miit-b2-3-40", "JS15", "JSl5→JS15"),
    ("miit-b1-1-1", "JO2", "J02→JO2"), ("miit-b3-1-2", "Y2-90S-4", "Y2-Y90S-4→Y2-90S-4"),
])
def test_ocr_fixes_applied_and_recorded(entry_id, fixed, fix_text):
    spec = rule_by_id(entry_id)
    assert spec is not None and fixed in spec.patterns
    batch = entry_id.split("-")[1][1]
    row = next(r for r in rows(f"miit_high_energy_b{batch}.csv") if r["entry_id"] == entry_id)
    assert fix_text in row["typo_fixes"]


def test_every_citation_names_a_document_in_the_data():
    titles = {c.id: c.title for c in catalogues()}
    for spec in rules():
        assert spec.document.id in titles
        assert spec.citation.startswith(f"《{titles[spec.document.id]}》"), spec.rule_id


def test_drafts_and_manual_rows_are_listed_but_never_matched():
    ids = {s.rule_id for s in rules()}
    assert not any(i.startswith("hazchem-draft2") for i in ids)
    assert "miit-b1-1-2" not in ids  # 'JW：63、71' cannot become a pattern: listed for review only
    info = {c.id: c for c in catalogues()}
    assert info["hazchem_b2_draft"].status == "draft"
    assert info["miit_b1"].manual_entries == 7 and info["miit_b1"].entry_count == 246


def test_catalogue_info_and_version():
    info = {c.id: c for c in catalogues()}
    assert info["coal_b1"].doc_no == "安监总规划〔2006〕146号"
    assert info["qinshui_2024"].doc_no == "沁政发〔2024〕13号"
    assert info["vehicle_scrap_2012"].entry_count == 30
    assert all(c.source for c in info.values())
    assert CATALOGUE_VERSION and rule_by_id("no-such-rule") is None


def test_standalone_imports_nothing_of_ours():
    import subprocess
    import sys
    code = ("import sys, catalog; catalog.match_unit(catalog.UnitFacts(category='motor', model='Y132S1-2'));"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('equipinv', 'efficiency_tables', 'textual', 'reportlab', 'tui', 'reports')];"
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_key_value_input():
    from catalog import facts_from_mapping
    u = facts_from_mapping({"model": "Y132S1-2", "made": "2001", "Category": "motor"})
    assert u.year_made == "2001" and u.category == "motor"
    with pytest.raises(ValueError, match="未知字段"):
        facts_from_mapping({"colour": "red"})
