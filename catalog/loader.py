"""Loads catalog/data once into an ordered table of `Spec`s (one per matchable row or rule).

Both matcher paths read the same table, so a rule index means the same thing everywhere. The
documents in catalogues.toml are the only things a citation may name; a data row that points at
an unknown document fails loading instead of printing an unsourced citation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from catalog.facts import in_region, norm_text
from catalog.normalize import FORMS, canonical_model, o_zero_variants

BOUND_FIELDS = ("rated_power_kw", "capacity_kva", "capacity_t_h", "voltage_kv", "frame", "year_made")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    doc_no: str
    date: str
    file: str
    source: str
    confidence: str
    status: str
    note: str
    kind: str  # catalogue | rules
    region: str = ""  # GB/T 2260 code of a local government's plan: its rules apply only inside it ("" national)


@dataclass(frozen=True)
class Spec:
    """One matchable rule: a catalogue row, a vehicle-type row, or a rule from rules.toml."""

    index: int
    rule_id: str
    document: Document
    item_no: str
    citation: str
    kind: str
    type: str  # entry | vehicle_age | vehicle_mileage | emission_truck | design_life | unsourced | benchmark
    categories: frozenset[str]
    match: str = ""  # entry: series | exact | name | attribute
    mode: str = ""
    patterns: tuple[str, ...] = ()
    forms: frozenset[str] = frozenset()  # written forms of the series the item covers (catalog.normalize.FORMS)
    keywords: tuple[str, ...] = ()
    bounds: tuple[tuple[str, float | None, float | None], ...] = ()
    fuels: frozenset[str] = frozenset()
    site: str = ""
    deadline: date | None = None
    immediate: bool = False
    reason: str = ""
    replacement: str = ""  # the row's own replacement text ("" when it names none)
    takes_default: bool = False  # names none, and the plans' "same class, efficient" replacement fits it
    condition_text: str = ""
    confidence: str = ""
    note: str = ""
    vehicle_type: str | None = None
    years: float | None = None
    mileage_km: float | None = None
    emission_max: int | None = None
    service_years_over: float | None = None
    value_missing: bool = False


@dataclass(frozen=True)
class Catalog:
    version: str
    documents: dict[str, Document]
    specs: tuple[Spec, ...]
    entry_rows: dict[str, int]  # document id -> rows in its file (manual/draft included)
    manual_rows: dict[str, int]
    vehicle_labels: dict[str, str]  # vehicle_type code -> Chinese label
    replacement_bases: tuple[tuple[Document, str], ...] = ()
    """(document, text citing it) of the default replacement class, most local first, the national one last."""


def _read(name: str) -> str:
    return files("catalog").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = "\n".join(line for line in _read(name).splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


def _f(value: str) -> float | None:
    return float(value) if value.strip() else None


def _citation(doc: Document, clause: str) -> str:
    return f"《{doc.title}》" + (f"（{doc.doc_no}）" if doc.doc_no else "") + clause


def _entry_spec(index: int, doc: Document, r: dict[str, str], default: frozenset[str]) -> Spec:
    item = r["item_no"]
    clause = f"淘汰类（{item}：{r['product_name']}）" if doc.id == "ind2024" else f"第{item}项"
    deadline = r["deadline"]
    forms = frozenset(f.strip() for f in (r.get("forms") or "").split(";") if f.strip())
    unknown = forms - set(FORMS)
    assert not unknown, f"{r['entry_id']}: unknown written forms {sorted(unknown)}"
    # the frame size is read from the model only for items that state the frame and pole code form
    assert "frame_pole" in forms or not (r["frame_min"].strip() or r["frame_max"].strip()), r["entry_id"]
    patterns = [p.strip() for p in r["patterns"].split(";") if p.strip()]
    if "o_zero" in forms:
        patterns += [v for p in patterns for v in o_zero_variants(p) if v not in patterns]
    return Spec(
        index=index, rule_id=r["entry_id"], document=doc, item_no=item, citation=_citation(doc, clause),
        kind=r["kind"], type="entry", categories=frozenset(r["category"].split("|")), match=r["match"],
        mode=r["mode"], patterns=tuple(patterns), forms=forms,
        keywords=tuple(norm_text(k) for k in r["name_keywords"].split(";") if k.strip()),
        bounds=tuple((f, _f(r[f"{f}_min"]), _f(r[f"{f}_max"])) for f in BOUND_FIELDS
                     if r[f"{f}_min"].strip() or r[f"{f}_max"].strip()),
        fuels=frozenset(x for x in r["fuel"].split("|") if x), site=r["site"],
        deadline=date.fromisoformat(deadline) if deadline[:1].isdigit() else None,
        immediate=deadline == "immediate", reason=r["reason"],
        # no "same class, efficient" default for a fuel-specific ban: the same class would burn the banned fuel
        replacement=r["replacement"],
        takes_default=not r["replacement"] and bool(set(r["category"].split("|")) & default) and not r["fuel"],
        condition_text=r["condition_text"], confidence=r["confidence"],
    )


def _rule_specs(start: int, docs: dict[str, Document], vehicles: list[dict[str, str]]) -> list[Spec]:
    specs: list[Spec] = []
    for r in tomllib.loads(_read("rules.toml"))["rule"]:
        doc = docs[r["document"]]
        common = dict(document=doc, kind=r["kind"], type=r["type"], categories=frozenset(r["categories"]),
                      reason=r["reason"], replacement=r.get("replacement", ""), note=r.get("note", ""),
                      confidence=doc.confidence)
        if r["type"] in ("vehicle_age", "vehicle_mileage"):
            if r["type"] == "vehicle_age":  # answers "cannot decide" when the vehicle type is unknown
                specs.append(Spec(index=start + len(specs), rule_id=r["id"], item_no=r["clause"],
                                  citation=_citation(doc, r["clause"]), **common))
            for v in vehicles:
                years, km = _f(v["years"]), _f(v["guidance_mileage_km"])
                value = years if r["type"] == "vehicle_age" else km
                if value is None:
                    continue
                what = f"{years:g}年" if r["type"] == "vehicle_age" else f"{km:g}公里"
                clause = f"{r['clause']}（{v['label']}：{what}）"
                specs.append(Spec(index=start + len(specs), rule_id=f"{r['id']}.{v['vehicle_type']}", item_no=clause,
                                  citation=_citation(doc, clause), vehicle_type=v["vehicle_type"], years=years,
                                  mileage_km=km, **common))
            continue
        specs.append(Spec(index=start + len(specs), rule_id=r["id"], item_no=r["clause"],
                          citation=_citation(doc, r["clause"]), fuels=frozenset([r["fuel"]]) if "fuel" in r else frozenset(),
                          emission_max=r.get("emission_max"), service_years_over=r.get("service_years_over"),
                          value_missing=r.get("value_missing", False), **common))
    return specs


@lru_cache(maxsize=1)
def load() -> Catalog:
    meta = tomllib.loads(_read("catalogues.toml"))
    default = frozenset(tomllib.loads(_read("rules.toml"))["replacement_default"]["categories"])
    docs: dict[str, Document] = {}
    for d in meta["document"]:
        file = d.get("file", "")
        kind = "catalogue" if file and file != "vehicle_scrap_2012.csv" else "rules"
        docs[d["id"]] = Document(id=d["id"], title=d["title"], doc_no=d["doc_no"], date=d["date"], file=file,
                                 source=d["source"], confidence=d["confidence"], status=d.get("status", "in_force"),
                                 note=d.get("note", ""), kind=kind, region=d.get("region", ""))
    specs: list[Spec] = []
    rows_count: dict[str, int] = {}
    manual: dict[str, int] = {}
    for doc in docs.values():
        if doc.kind != "catalogue":
            continue
        rows = _csv_rows(doc.file)
        rows_count[doc.id] = len(rows)
        manual[doc.id] = sum(r["match"] == "manual" or r["status"] == "draft" for r in rows)
        for r in rows:
            if r["match"] == "manual" or r["status"] == "draft" or doc.status == "draft":
                continue
            if r["patterns"]:
                assert all(p.strip() == canonical_model(p) for p in r["patterns"].split(";")), r["entry_id"]
            specs.append(_entry_spec(len(specs), doc, r, default))
    vehicles = _csv_rows("vehicle_scrap_2012.csv")
    rows_count["vehicle_scrap_2012"] = len(vehicles)
    specs += _rule_specs(len(specs), docs, vehicles)
    digest = hashlib.sha256()
    for name in sorted(p.name for p in files("catalog").joinpath("data").iterdir() if p.name.endswith((".csv", ".toml"))):
        digest.update(_read(name).encode("utf-8"))
    return Catalog(version=f"{meta['version']}+{digest.hexdigest()[:10]}", documents=docs, specs=tuple(specs),
                   entry_rows=rows_count, manual_rows=manual, vehicle_labels={v["vehicle_type"]: v["label"] for v in vehicles},
                   replacement_bases=_replacement_bases(docs))


def _replacement_bases(docs: dict[str, Document]) -> tuple[tuple[Document, str], ...]:
    bases = tomllib.loads(_read("rules.toml"))["replacement_default"]["basis"]
    found = [(docs[b["document"]], f"{b['text']}（依据{_citation(docs[b['document']], b['clause'])}）") for b in bases]
    assert found and not found[-1][0].region, "the last replacement basis is the national one"
    return tuple(sorted(found, key=lambda d: -len(d[0].region)))  # most local first; the national one ("") last


def replacement_text(spec: Spec, region: object) -> str:
    """The replacement a finding of `spec` prints for a unit of an enterprise in `region` (GB/T 2260): the row's
    own text, else the default class by the most local plan whose region holds the enterprise, else the
    national basis. A plan is cited only inside its region: an unknown region gets the national basis."""
    if not spec.takes_default:
        return spec.replacement
    code = str(region or "").strip()
    bases = load().replacement_bases
    return next((text for doc, text in bases if doc.region and code and in_region(doc.region, code)), bases[-1][1])


@lru_cache(maxsize=1)
def manual_specs() -> tuple[Spec, ...]:
    """Catalogue rows in force that only a person can judge (processes, materials: match = manual).

    The matcher never answers them; a person confirms one on a unit, and that confirmation is the finding.
    Drafts are left out (never a legal basis). `index` is -1: they are not in the matcher's rule table.
    """
    cat = load()
    default = frozenset(tomllib.loads(_read("rules.toml"))["replacement_default"]["categories"])
    return tuple(_entry_spec(-1, doc, r, default) for doc in cat.documents.values()
                 if doc.kind == "catalogue" and doc.status != "draft"
                 for r in _csv_rows(doc.file) if r["match"] == "manual" and r["status"] != "draft")
