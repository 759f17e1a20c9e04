"""Vectorised matching over a whole ledger held as column arrays.

Model strings repeat heavily in real ledgers, so each distinct model is normalised and looked up
once (hash lookups on its prefixes, not a scan of all entries); the resulting (unit, rule)
candidate pairs and all rule conditions are then checked with numpy over the whole ledger.
It answers exactly what catalog.rules answers unit by unit (the tests compare the two).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from catalog.facts import (
    CATEGORIES,
    FUELS,
    Finding,
    UnitFacts,
    in_region,
    norm_bool,
    norm_category,
    norm_date,
    norm_emission,
    norm_float,
    norm_fuel,
    norm_text,
)
from catalog.loader import BOUND_FIELDS, Spec, load
from catalog.normalize import (
    EXACT,
    PHRASE_GAP,
    boundary_ok,
    canonical_model,
    compact_model,
    frame_number,
    item_match,
    strip_size_prefix,
)
from catalog.rules import MISSING_ORDER, make_finding, norm_benchmark, norm_vehicle_type

_CAT_CODES = {c: i for i, c in enumerate(CATEGORIES)}
_FUEL_CODES = {f: i for i, f in enumerate(FUELS)}
_BIT = {name: np.int64(1) << np.int64(i) for i, name in enumerate(MISSING_ORDER)}
_NAT = np.datetime64("NaT", "D")


@dataclass(frozen=True)
class MatchArrays:
    """All answers for a ledger: row k says rule `rule_index[k]` answered for unit `unit_index[k]`."""

    unit_index: np.ndarray  # int64, sorted
    rule_index: np.ndarray  # int32, index into catalog.loader.load().specs
    outcome: np.ndarray  # int8: 0 match, 1 cannot decide
    missing_mask: np.ndarray  # int64 bits over catalog.rules.MISSING_ORDER
    deadline: np.ndarray  # datetime64[D]; NaT = the rule's own deadline (or none)
    as_of: date
    regions: tuple[Any, ...] = (None,)  # the distinct enterprise regions (GB/T 2260), for the replacement's basis
    unit_region: np.ndarray | None = None  # int64 per unit: index into `regions` (None: every unit the first)

    def _region(self, k: int) -> str | None:
        at = 0 if self.unit_region is None else int(self.unit_region[int(self.unit_index[k])])
        value = self.regions[at]
        return None if value is None else str(value)

    def __len__(self) -> int:
        return len(self.unit_index)

    def finding(self, k: int) -> Finding:
        spec = load().specs[int(self.rule_index[k])]
        bits = int(self.missing_mask[k])
        missing = tuple(name for i, name in enumerate(MISSING_ORDER) if bits >> i & 1)
        d = self.deadline[k]
        deadline = spec.deadline if np.isnat(d) else d.astype(object)
        return make_finding(spec, missing, deadline, self.as_of, self._region(k))

    def findings(self) -> Iterator[tuple[int, Finding]]:
        """(unit index, finding) for every answer; each distinct answer is decoded once and shared."""
        decoded: dict[tuple[int, int, Any, Any], Finding] = {}
        regions = (self.unit_region[self.unit_index] if self.unit_region is not None
                   else np.zeros(len(self), dtype=np.int64)).tolist()
        for unit, k, key in zip(self.unit_index.tolist(), range(len(self)),
                                zip(self.rule_index.tolist(), self.missing_mask.tolist(), self.deadline.tolist(), regions,
                                    strict=True),
                                strict=True):
            found = decoded.get(key)
            if found is None:
                found = decoded[key] = self.finding(k)
            yield unit, found

    def rule_ids(self) -> np.ndarray:
        """Rule id of every row (object array), e.g. for storing findings in bulk."""
        ids = np.array([s.rule_id for s in load().specs], dtype=object)
        return ids[self.rule_index]

    def for_unit(self, i: int) -> list[Finding]:
        lo, hi = np.searchsorted(self.unit_index, [i, i + 1])
        return [self.finding(k) for k in range(lo, hi)]


def _factorize(col: Any, n: int) -> tuple[list[Any], np.ndarray]:
    """Distinct values (first-seen order) and each row's index into them; None is a value too."""
    if col is None:
        return [None], np.zeros(n, dtype=np.int64)
    values = col.tolist() if isinstance(col, np.ndarray) else list(col)
    uniq = list(dict.fromkeys(values))
    lookup = {v: i for i, v in enumerate(uniq)}
    return uniq, np.fromiter(map(lookup.__getitem__, values), dtype=np.int64, count=n)


def _codes(col: Any, n: int, norm: Callable[[Any], Any], table: dict[Any, int] | None = None) -> np.ndarray:
    """Low-cardinality column -> int codes (-1 missing) through a normaliser."""
    uniq, inv = _factorize(col, n)
    mapped = [norm(u) for u in uniq]
    codes = np.array([-1 if m is None else (table[m] if table is not None else int(m)) for m in mapped], dtype=np.int64)
    return codes[inv]


def _floats(col: Any, n: int) -> np.ndarray:
    if col is None:
        return np.full(n, np.nan)
    arr = np.asarray(col)
    if arr.dtype.kind in "fiub":
        out = arr.astype(float)
    else:
        uniq, inv = _factorize(arr, n)
        out = np.array([np.nan if (f := norm_float(u)) is None else f for u in uniq])[inv]
    out[~np.isfinite(out)] = np.nan
    return out


def _dates(col: Any, n: int) -> np.ndarray:
    if col is None:
        return np.full(n, _NAT)
    arr = np.asarray(col)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[D]")
    uniq, inv = _factorize(arr, n)
    return np.array([_NAT if (d := norm_date(u)) is None else np.datetime64(d, "D") for u in uniq])[inv]


def add_months(d: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Vector twin of catalog.facts.add_months (day clamped to the target month's length)."""
    ym = d.astype("datetime64[M]")
    day = (d - ym.astype("datetime64[D]")).astype(np.int64)
    target = ym + np.asarray(months).astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(day, length - 1).astype("timedelta64[D]")


class _Index:
    """Hash indexes over the entries' model patterns and name keywords."""

    def __init__(self, specs: tuple[Spec, ...]):
        # pattern key -> (spec, position of the pattern in the spec); exact keys are dash-free
        self.exact: dict[str, list[tuple[Spec, int]]] = defaultdict(list)
        self.series: dict[str, list[tuple[Spec, int]]] = defaultdict(list)
        # items that state written forms (size prefix, stage count, trim): keyed by their dash-free
        # pattern, confirmed by item_match
        self.formed: dict[str, list[tuple[Spec, int]]] = defaultdict(list)
        self.names: list[Spec] = []
        self.kw_groups: dict[tuple[str, ...], int] = {}
        for s in specs:
            if s.type != "entry":
                continue
            if s.match in ("series", "exact"):
                for pos, p in enumerate(s.patterns):
                    if s.forms & {"size_prefix", "stages", "trim"}:
                        self.formed[compact_model(p)].append((s, pos))
                    else:
                        (self.exact[compact_model(p)] if s.mode == EXACT else self.series[p]).append((s, pos))
                if s.keywords:
                    self.kw_groups.setdefault(s.keywords, len(self.kw_groups))
            elif s.match == "name":
                self.names.append(s)
            elif s.keywords:
                self.kw_groups.setdefault(s.keywords, len(self.kw_groups))
        self.lengths = sorted({len(k) for k in self.series})
        self.formed_lengths = sorted({len(k) for k in self.formed})
        self.frame_specs = {s.index for s in specs if any(b[0] == "frame" for b in s.bounds)}

    def model_candidates(self, c: str) -> list[tuple[int, int]]:
        """(spec index, frame or -1) for every entry whose patterns match canonical model `c`.

        Same answer as trying every pattern with series_match: a spec's first matching pattern
        (lowest position) decides the frame size, as in catalog.rules.
        """
        if not c:
            return []
        found: dict[int, tuple[int, str]] = {}
        m = c.replace("-", "")
        cuts = [len(m)]
        if "/" in m or "(" in m:
            cuts += [j for j, ch in enumerate(m) if ch in "/(" and j > 0]
        get = self.exact.get
        for cut in cuts:
            for s, pos in get(m[:cut], ()):
                if s.index not in found or pos < found[s.index][0]:
                    found[s.index] = (pos, s.patterns[pos])
        get = self.series.get
        n = len(c)
        for length in self.lengths:
            if length > n:
                break
            hits = get(c[:length])
            if hits:
                rest = c[length:]
                for s, pos in hits:
                    if boundary_ok(rest, s.patterns[pos], s.mode) and (s.index not in found or pos < found[s.index][0]):
                        found[s.index] = (pos, s.patterns[pos])
        if self.formed:
            self._formed_candidates(c, found)
        if not found:
            return []
        out = []
        for idx in sorted(found):
            frame = frame_number(c, found[idx][1]) if idx in self.frame_specs else None
            out.append((idx, -1 if frame is None else frame))
        return out

    def _formed_candidates(self, c: str, found: dict[int, tuple[int, str]]) -> None:
        """Add the items with written forms whose pattern begins the model (or the model without its size)."""
        keys = {compact_model(c)}
        stripped = strip_size_prefix(c)
        if stripped:
            keys.add(compact_model(stripped))
        get = self.formed.get
        for m in keys:
            for length in self.formed_lengths:
                if length > len(m):
                    break
                for s, pos in get(m[:length], ()):
                    earlier = s.index in found and found[s.index][0] <= pos
                    if not earlier and item_match(c, s.patterns[pos], s.mode, s.forms):
                        found[s.index] = (pos, s.patterns[pos])


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(load().specs)


def _expand(inv: np.ndarray, per_unique: list[list[tuple[int, int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-distinct-value candidate lists -> (unit, spec, extra) pairs for every unit."""
    cnt = np.array([len(x) for x in per_unique], dtype=np.int64)
    flat = np.array([p for x in per_unique for p in x], dtype=np.int64).reshape(-1, 2)
    start = np.cumsum(cnt) - cnt
    ucnt = cnt[inv]
    sel = np.nonzero(ucnt)[0]
    rep = ucnt[sel]
    units = np.repeat(sel, rep)
    within = np.arange(len(units)) - np.repeat(np.cumsum(rep) - rep, rep)
    offs = np.repeat(start[inv[sel]], rep) + within
    return units, flat[offs, 0], flat[offs, 1]


_NOT_FOUND = 1 << 40  # a start past any name's end: the keyword's later words are not looked for
_NAME_BLOCK = 65_536  # names per fixed-width text array: memory stays small whatever a long name's length


def _any_phrase(keywords: tuple[str, ...], names: np.ndarray) -> np.ndarray:
    """`any(phrase_in(k, name) for k in keywords)` for every (non-empty) name of a text array at once."""
    hit = np.zeros(len(names), dtype=bool)
    for keyword in keywords:
        at = np.zeros(len(names), dtype=np.int64)
        for word in keyword.split(PHRASE_GAP):
            found = np.strings.find(names, word, at)
            at = np.where(found >= 0, found + len(word), _NOT_FOUND)
        hit |= at != _NOT_FOUND
    return hit & (names != "")


def _keyword_hits(groups: list[tuple[str, ...]], names: list[str]) -> np.ndarray:
    """hits[g, i]: does name i hold a keyword of group g? One pass in C per word over a block of names,
    instead of a Python call per name and keyword (a ledger's names rarely repeat: 25 s at 1 M units)."""
    hits = np.zeros((len(groups), len(names)), dtype=bool)
    for start in range(0, len(names), _NAME_BLOCK):
        block = np.array(names[start:start + _NAME_BLOCK], dtype=str)
        for g, keywords in enumerate(groups):
            hits[g, start:start + len(block)] = _any_phrase(keywords, block)
    return hits


def _name_candidates(specs: list[Spec], hits: np.ndarray) -> list[list[tuple[int, int]]]:
    """Per distinct name, the (spec index, -1) of every name entry whose keywords it holds (`hits` rows)."""
    none: list[tuple[int, int]] = []
    per_name = [none] * hits.shape[1]
    for s, hit in zip(specs, hits, strict=True):
        for i in np.nonzero(hit)[0].tolist():
            per_name[i] = [*per_name[i], (s.index, -1)]
    return per_name


def match_columns(cols: dict[str, Any], as_of: date, horizon_days: int = 0) -> MatchArrays:
    """See catalog.match_arrays."""
    cat = load()
    specs = cat.specs
    n = len(next(iter(v for v in cols.values() if v is not None), []))
    g = cols.get
    ucat = _codes(g("category"), n, norm_category, _CAT_CODES)
    eliminated = _codes(g("status"), n, lambda s: 1 if norm_text(s).lower() == "eliminated" else 0) == 1
    values = {f: _floats(g(f), n) for f in ("rated_power_kw", "capacity_kva", "capacity_t_h", "voltage_kv",
                                             "mileage_km", "design_life_years")}
    values["year_made"] = np.floor(_floats(g("year_made"), n))
    ufuel = _codes(g("fuel"), n, norm_fuel, _FUEL_CODES)
    coal = _floats(_codes(g("underground_coal_mine"), n, norm_bool, {True: 1, False: 0}), n)
    coal[coal < 0] = np.nan
    index = _index()
    by_cat = np.argsort(ucat, kind="stable")
    bounds = np.searchsorted(ucat[by_cat], np.arange(-1, len(CATEGORIES) + 1))

    def units_of(categories: frozenset[str]) -> np.ndarray:
        """Indices (ascending) of the units whose category is one of `categories`."""
        parts = [by_cat[bounds[_CAT_CODES[c] + 1]:bounds[_CAT_CODES[c] + 2]] for c in categories]
        return np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]

    # candidate (unit, spec, frame) pairs from models, names and attribute rows
    m_uniq, m_inv = _factorize(g("model"), n)
    pairs = [_expand(m_inv, [index.model_candidates(canonical_model(u)) for u in m_uniq])]
    n_uniq, n_inv = _factorize(g("product_name"), n)
    names = [norm_text(u) for u in n_uniq]
    hits = _keyword_hits([s.keywords for s in index.names] + list(index.kw_groups), names)
    pairs.append(_expand(n_inv, _name_candidates(index.names, hits[:len(index.names)])))
    kw_mask_u = np.zeros(len(names), dtype=np.int64)
    for hit, gid in zip(hits[len(index.names):], index.kw_groups.values(), strict=True):
        kw_mask_u[hit] |= 1 << gid
    name_empty = np.array([not nm for nm in names])[n_inv]
    kw_mask = kw_mask_u[n_inv]
    for s in specs:
        if s.type == "entry" and s.match == "attribute":
            u = units_of(s.categories)
            pairs.append((u, np.full(len(u), s.index), np.full(len(u), -1)))
    pu = np.concatenate([p[0] for p in pairs]).astype(np.int64)
    ps = np.concatenate([p[1] for p in pairs]).astype(np.int64)
    frame = np.concatenate([p[2] for p in pairs]).astype(float)
    frame[frame < 0] = np.nan
    values["frame"] = frame
    entry = _check_entries(specs, index, pu, ps, ucat, kw_mask, name_empty, values, ufuel, coal)
    parts = [entry] + _check_rules(specs, cols, n, units_of, ufuel, values, as_of + timedelta(days=horizon_days))
    unit = np.concatenate([p[0] for p in parts])
    rule = np.concatenate([p[1] for p in parts])
    keep = ~eliminated[unit] & _in_region(specs, g("region_code"), n, unit, rule)
    unit, rule = unit[keep], rule[keep]
    miss = np.concatenate([p[2] for p in parts])[keep]
    dl = np.concatenate([p[3] for p in parts])[keep]
    order = np.lexsort((rule, unit))
    regions, unit_region = _factorize(g("region_code"), n)
    return MatchArrays(unit[order], rule[order].astype(np.int32), (miss[order] != 0).astype(np.int8), miss[order],
                       dl[order], as_of, tuple(norm_text(r) or None for r in regions), unit_region)


def _in_region(specs: tuple[Spec, ...], regions: Any, n: int, unit: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """False for the (unit, rule) pairs where a local plan's rule meets a unit of an enterprise outside it."""
    local = [s for s in specs if s.document.region]
    keep = np.ones(len(unit), dtype=bool)
    if not local or regions is None:
        return keep
    uniq, inv = _factorize(regions, n)
    unit_region = inv[unit]
    for s in local:
        outside = np.array([not in_region(s.document.region, r) for r in uniq])
        keep &= ~((rule == s.index) & outside[unit_region])
    return keep


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # unit, spec, missing bits, deadline


def _check_entries(specs: tuple[Spec, ...], index: _Index, pu: np.ndarray, ps: np.ndarray, ucat: np.ndarray,
                   kw_mask: np.ndarray, name_empty: np.ndarray, values: dict[str, np.ndarray], ufuel: np.ndarray,
                   coal: np.ndarray) -> Pairs:
    """Conditions of catalogue rows over candidate pairs: a known value outside drops the pair."""
    m = len(specs)
    cat_mask = np.array([sum(1 << _CAT_CODES[c] for c in s.categories) for s in specs], dtype=np.int64)
    kw_group = np.array([index.kw_groups.get(s.keywords, -1) if s.match != "name" and s.keywords else -1
                         for s in specs], dtype=np.int64)
    fuel_mask = np.array([sum(1 << _FUEL_CODES[f] for f in s.fuels) if s.type == "entry" else 0 for s in specs],
                         dtype=np.int64)
    site = np.array([bool(s.site) for s in specs])
    fail = np.zeros(len(pu), dtype=bool)
    miss = np.zeros(len(pu), dtype=np.int64)
    c = ucat[pu]
    miss[c < 0] |= _BIT["category"]
    fail |= (c >= 0) & ((cat_mask[ps] >> np.maximum(c, 0)) & 1 == 0)
    kg = kw_group[ps]
    has_kw = kg >= 0
    miss[has_kw & name_empty[pu]] |= _BIT["product_name"]
    fail |= has_kw & ~name_empty[pu] & ((kw_mask[pu] >> np.maximum(kg, 0)) & 1 == 0)
    for f in BOUND_FIELDS:
        lo = np.full(m, np.nan)
        hi = np.full(m, np.nan)
        for s in specs:
            for field, a, b in s.bounds:
                if field == f:
                    lo[s.index] = np.nan if a is None else a
                    hi[s.index] = np.nan if b is None else b
        lo_p, hi_p = lo[ps], hi[ps]
        need = ~np.isnan(lo_p) | ~np.isnan(hi_p)
        v = values[f] if f == "frame" else values[f][pu]
        miss[need & np.isnan(v)] |= _BIT[f]
        fail |= need & ~np.isnan(v) & ((v < lo_p) | (v > hi_p))
    fm = fuel_mask[ps]
    uf = ufuel[pu]
    miss[(fm != 0) & (uf < 0)] |= _BIT["fuel"]
    fail |= (fm != 0) & (uf >= 0) & ((fm >> np.maximum(uf, 0)) & 1 == 0)
    st = site[ps]
    cm = coal[pu]
    miss[st & np.isnan(cm)] |= _BIT["underground_coal_mine"]
    fail |= st & (cm == 0)
    keep = ~fail
    return pu[keep], ps[keep], miss[keep], np.full(int(keep.sum()), _NAT)


def _check_rules(specs: tuple[Spec, ...], cols: dict[str, Any], n: int, units_of: Callable[[frozenset[str]], np.ndarray],
                 ufuel: np.ndarray, values: dict[str, np.ndarray], horizon: date) -> list[Pairs]:
    """The rules of rules.toml, each one vectorised pass over the units of its categories."""
    g = cols.get
    vt_codes = {code: i for i, code in enumerate(load().vehicle_labels)}
    uvt = _codes(g("vehicle_type"), n, norm_vehicle_type, vt_codes)
    uem = _codes(g("emission_standard"), n, norm_emission)
    uop = _codes(g("operating"), n, norm_bool, {True: 1, False: 0})
    ubm = _codes(g("benchmark_level"), n, norm_benchmark, {"advanced": 0, "energy_saving": 1, "access": 2,
                                                           "below_access": 3})
    comm = _dates(g("commissioning_date"), n)
    hz = np.datetime64(horizon, "D")
    out = []
    for s in specs:
        if s.type == "entry" or (s.type in ("vehicle_age", "vehicle_mileage") and s.vehicle_type):
            continue
        units = units_of(s.categories)
        miss = np.zeros(len(units), dtype=np.int64)
        keep = np.ones(len(units), dtype=bool)
        if s.type == "unsourced":
            miss[:] = _BIT["rule_value"]
        elif s.type == "benchmark":
            b = ubm[units]
            miss[b < 0] = _BIT["benchmark_level"]
            keep = (b < 0) | (b == 3)
        elif s.type == "emission_truck":
            f, e, o = ufuel[units], uem[units], uop[units]
            fuel_ok = np.isin(f, [_FUEL_CODES[x] for x in s.fuels])
            keep = ((f < 0) | fuel_ok) & ((e < 0) | (e <= s.emission_max)) & ((o < 0) | (o == 1))
            miss |= np.where(f < 0, _BIT["fuel"], 0) | np.where(e < 0, _BIT["emission_standard"], 0)
            miss |= np.where(o < 0, _BIT["operating"], 0)
        elif s.type in ("vehicle_age", "vehicle_mileage"):  # the generic row: vehicle type unreadable
            keep = uvt[units] < 0
            miss[:] = _BIT["vehicle_type"]
            miss |= np.where(np.isnat(comm[units]), _BIT["commissioning_date"], 0)
        elif s.type == "design_life":
            c = comm[units]
            over = add_months(c, int(round((s.service_years_over or 0) * 12))) < hz
            life = values["design_life_years"][units]
            months = np.where(np.isnan(life), 0, np.rint(life * 12)).astype(np.int64)
            reached = add_months(c, months) <= hz
            miss = np.where(np.isnat(c), _BIT["commissioning_date"],
                            np.where(~over & np.isnan(life), _BIT["design_life_years"], 0)).astype(np.int64)
            keep = np.isnat(c) | over | np.isnan(life) | reached
        out.append((units[keep], np.full(int(keep.sum()), s.index), miss[keep], np.full(int(keep.sum()), _NAT)))
    for kind in ("vehicle_age", "vehicle_mileage"):
        rows = [s for s in specs if s.type == kind and s.vehicle_type]
        if rows:
            out.append(_vehicle_rows(kind, rows, units_of(rows[0].categories), uvt, vt_codes, comm,
                                     values["mileage_km"], hz))
    return out


def _vehicle_rows(kind: str, rows: list[Spec], units: np.ndarray, uvt: np.ndarray, vt_codes: dict[str, int],
                  comm: np.ndarray, mileage: np.ndarray, hz: np.datetime64) -> Pairs:
    """All per-vehicle-type rows of one rule (age or mileage) in one pass, via lookup by type code."""
    spec_of = np.full(len(vt_codes), -1, dtype=np.int64)
    months_of = np.zeros(len(vt_codes), dtype=np.int64)
    km_of = np.full(len(vt_codes), np.nan)
    for s in rows:
        assert s.vehicle_type is not None  # vehicle rows always name their type
        code = vt_codes[s.vehicle_type]
        spec_of[code] = s.index
        months_of[code] = int(round((s.years or 0) * 12))
        km_of[code] = np.nan if s.mileage_km is None else s.mileage_km
    code = uvt[units]
    units, code = units[code >= 0], code[code >= 0]
    units, code = units[spec_of[code] >= 0], code[spec_of[code] >= 0]
    dl = np.full(len(units), _NAT)
    if kind == "vehicle_mileage":
        km = mileage[units]
        miss = np.where(np.isnan(km), _BIT["mileage_km"], 0).astype(np.int64)
        keep = np.isnan(km) | (km >= km_of[code])
    else:
        c = comm[units]
        dl = add_months(c, months_of[code])
        miss = np.where(np.isnat(c), _BIT["commissioning_date"], 0).astype(np.int64)
        keep = np.isnat(c) | (dl <= hz)
    return units[keep], spec_of[code][keep], miss[keep], dl[keep]


def columns_from_units(units: list[UnitFacts]) -> dict[str, np.ndarray]:
    """Column arrays (object dtype) from UnitFacts, e.g. for tests or small ledgers."""
    names = UnitFacts.__dataclass_fields__
    return {f: np.array([getattr(u, f) for u in units], dtype=object) for f in names}
