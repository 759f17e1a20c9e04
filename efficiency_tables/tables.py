"""One standard table as data: rows of (keys, rating bands, thresholds), and two ways to find a unit's row.

A data file row is a box in parameter space: discrete keys (``poles`` is numeric but listed, so it is a
dimension; ``core_material`` is a key) and numeric dimensions, either *listed* ratings (the value printed
in the standard; the table's between-ratings rule turns them into bands here, at load time) or *bands*
printed as such (``x_min``/``x_max`` with inclusivity flags). Key cells may hold ``*`` (any value, also
missing) or ``a/b`` (any of the listed values).

`Table.find_row` scans the rows one by one (the reference path, used per unit); `Table.find_rows` maps
whole arrays through a dense grid of elementary cells (the fast path). Both give the first matching row.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files

import numpy as np

from .strings import factorize

ANY = "*"
MISSING_TEXT = "missing"  # a threshold cell the sources did not give (not the standard's "—")


def norm_key(value: object) -> str:
    """Key values compare case-insensitively and without surrounding blanks."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip().lower()


@dataclass(frozen=True)
class Band:
    lo: float = -math.inf
    lo_incl: bool = False
    hi: float = math.inf
    hi_incl: bool = False

    @property
    def is_open(self) -> bool:
        return self.lo == -math.inf and self.hi == math.inf

    def contains(self, x: float) -> bool:
        if math.isnan(x):
            return self.is_open
        if x < self.lo or (x == self.lo and not self.lo_incl and self.lo != -math.inf):
            return False
        return not (x > self.hi or (x == self.hi and not self.hi_incl and self.hi != math.inf))


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    direction: str  # "higher" or "lower" is better


@dataclass
class Row:
    keys: dict[str, frozenset[str] | None]  # None = any
    bands: dict[str, Band]
    values: dict[str, tuple[float, float, float]]  # per threshold column: slots grade 1/2/3, NaN = "—"
    missing: bool  # some threshold was not sourced
    source: dict[str, str]
    listed: dict[str, str] = field(default_factory=dict)  # the rating as printed, for reports
    extras: dict[str, float] = field(default_factory=dict)  # per-row constants (pump formula coefficients)
    texts: dict[str, str] = field(default_factory=dict)  # per-row names (the metric a chiller row judges)


@dataclass
class Table:
    """A loaded data file plus its lookup structures."""

    file: str
    keys: tuple[str, ...]
    dims: tuple[str, ...]
    value_columns: tuple[str, ...]
    rows: list[Row]
    rules: dict[str, str]  # per listed dimension: "next_lower" or "exact"
    # fast path
    _key_codes: list[dict[str, int]] = field(default_factory=list)
    _edges: list[np.ndarray] = field(default_factory=list)
    _grid: np.ndarray | None = None
    _values: dict[str, np.ndarray] = field(default_factory=dict)
    _extras: dict[str, np.ndarray] = field(default_factory=dict)
    _texts: dict[str, np.ndarray] = field(default_factory=dict)
    _missing: np.ndarray | None = None

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, file: str, keys: Sequence[str], dims: Sequence[str], value_columns: Sequence[str],
             rules: Mapping[str, str], extras: Sequence[str] = (), texts: Sequence[str] = ()) -> Table:
        text = files("efficiency_tables").joinpath("data").joinpath(file).read_text(encoding="utf-8")
        records = list(csv.DictReader(text.splitlines()))
        rows = [_parse_row(rec, keys, dims, value_columns) for rec in records]
        for row, rec in zip(rows, records, strict=True):
            row.extras = {x: _float(rec[x]) for x in extras}
            row.texts = {x: rec[x].strip() for x in texts}
        _apply_between_rule(rows, records, dims, rules)
        table = cls(file, tuple(keys), tuple(dims), tuple(value_columns), rows, dict(rules))
        table._build_grid()
        return table

    # ---------------------------------------------------------------- per unit
    def find_row(self, keys: Mapping[str, str], dims: Mapping[str, float]) -> int:
        """Index of the first row containing the unit, or -1 (linear scan: the reference path)."""
        for i, row in enumerate(self.rows):
            if all(allowed is None or keys.get(k, "") in allowed for k, allowed in row.keys.items()) and \
                    all(band.contains(dims.get(d, math.nan)) for d, band in row.bands.items()):
                return i
        return -1

    # ---------------------------------------------------------------- arrays
    def find_rows(self, keys: Mapping[str, np.ndarray], dims: Mapping[str, np.ndarray]) -> np.ndarray:
        """Row index per unit (-1 = none) for arrays of normalised key strings and float dims."""
        assert self._grid is not None
        n = len(next(iter(dims.values()))) if dims else len(next(iter(keys.values())))
        flat = np.zeros(n, dtype=np.int64)
        for k, codes in zip(self.keys, self._key_codes, strict=True):
            arr = keys[k]
            inv, uniq = factorize(arr)
            lut = np.array([codes.get(str(u), 0) for u in uniq] or [0], dtype=np.int64)
            flat = flat * (len(codes) + 1) + lut[inv]
        for d, edges in zip(self.dims, self._edges, strict=True):
            x = dims[d]
            i = np.searchsorted(edges, x, side="left")
            eq = np.zeros(n, dtype=bool)
            inside = i < len(edges)
            eq[inside] = edges[i[inside]] == x[inside]
            cell = 2 * i + eq
            cell[np.isnan(x)] = 2 * len(edges) + 1
            flat = flat * (2 * len(edges) + 2) + cell
        return self._grid.ravel()[flat]

    def key_values(self, key: str) -> list[str]:
        """The values of a key the table lists (normalised)."""
        return list(self._key_codes[self.keys.index(key)])

    def values_for(self, rows: np.ndarray, column: str) -> np.ndarray:
        """(n, 3) thresholds for the given row indices (rows >= 0)."""
        return self._values[column][rows]

    def extras_for(self, rows: np.ndarray, name: str) -> np.ndarray:
        return self._extras[name][rows]

    def texts_for(self, rows: np.ndarray, name: str) -> np.ndarray:
        return self._texts[name][rows]

    def missing_for(self, rows: np.ndarray) -> np.ndarray:
        assert self._missing is not None
        return self._missing[rows]

    def _build_grid(self) -> None:
        self._key_codes = []
        for k in self.keys:
            seen: list[str] = []
            for row in self.rows:
                for v in sorted(row.keys[k] or ()):
                    if v not in seen:
                        seen.append(v)
            self._key_codes.append({v: i + 1 for i, v in enumerate(seen)})  # 0 = other / missing
        self._edges = []
        for d in self.dims:
            pts = {b for row in self.rows for b in (row.bands[d].lo, row.bands[d].hi) if math.isfinite(b)}
            self._edges.append(np.array(sorted(pts), dtype=float))
        shape = [len(c) + 1 for c in self._key_codes] + [2 * len(e) + 2 for e in self._edges]
        grid = np.full(shape, -1, dtype=np.int32)
        # representative value of each elementary cell: open intervals between edges, the edges, NaN
        reps = [_cell_representatives(e) for e in self._edges]
        for i in reversed(range(len(self.rows))):  # earlier rows overwrite: first match wins
            row = self.rows[i]
            index: list[object] = []
            for k, codes in zip(self.keys, self._key_codes, strict=True):
                allowed = row.keys[k]
                index.append(slice(None) if allowed is None else [codes[v] for v in sorted(allowed)])
            for d, rep in zip(self.dims, reps, strict=True):
                band = row.bands[d]
                index.append(np.array([band.contains(x) for x in rep]).nonzero()[0])
            grid[np.ix_(*[_as_index(ix, n) for ix, n in zip(index, shape, strict=True)])] = i
        self._grid = grid
        self._values = {c: np.array([row.values[c] for row in self.rows], dtype=float) for c in self.value_columns}
        self._missing = np.array([row.missing for row in self.rows], dtype=bool)
        names = self.rows[0].extras.keys() if self.rows else ()
        self._extras = {x: np.array([row.extras[x] for row in self.rows], dtype=float) for x in names}
        text_names = self.rows[0].texts.keys() if self.rows else ()
        self._texts = {x: np.array([row.texts[x] for row in self.rows], dtype=str) for x in text_names}


def _as_index(ix: object, n: int) -> np.ndarray:
    if isinstance(ix, slice):
        return np.arange(n)
    return np.asarray(ix, dtype=np.int64)


def _cell_representatives(edges: np.ndarray) -> list[float]:
    """Cell 2i = the open interval below edge i, 2i+1 = edge i itself; last two: above all edges, NaN."""
    reps: list[float] = []
    for i, e in enumerate(edges):
        below = edges[i - 1] if i > 0 else e - 1.0 - abs(e)
        reps += [(below + e) / 2.0, float(e)]
    top = edges[-1] if len(edges) else 0.0
    reps += [top + 1.0 + abs(top), math.nan]
    return reps


def _flag(text: str) -> bool:
    return text.strip() in ("1", "true", "True")


def _float(text: str | None) -> float:
    text = (text or "").strip()
    return float(text) if text else math.nan


def _parse_row(rec: dict[str, str], keys: Sequence[str], dims: Sequence[str],
               value_columns: Sequence[str]) -> Row:
    row_keys: dict[str, frozenset[str] | None] = {}
    for k in keys:
        cell = rec[k].strip()
        row_keys[k] = None if cell == ANY else frozenset(norm_key(p) for p in cell.split("/"))
    bands: dict[str, Band] = {}
    listed: dict[str, str] = {}
    for d in dims:
        if d in rec and rec[d].strip():
            bands[d] = Band(float(rec[d]), True, float(rec[d]), True)  # widened by the between rule
            listed[d] = rec[d].strip()
        elif rec.get(f"{d}_band_min", "").strip():
            bands[d] = Band(float(rec[f"{d}_band_min"]), True, float(rec[f"{d}_band_max"]), True)
            listed[d] = f"{rec[f'{d}_band_min']}–{rec[f'{d}_band_max']}"
        else:
            lo, hi = _float(rec.get(f"{d}_min")), _float(rec.get(f"{d}_max"))
            bands[d] = Band(-math.inf if math.isnan(lo) else lo, _flag(rec.get(f"{d}_min_incl", "")),
                            math.inf if math.isnan(hi) else hi, _flag(rec.get(f"{d}_max_incl", "")))
            listed[d] = _band_text(bands[d])
    values: dict[str, tuple[float, float, float]] = {}
    missing = False
    for c in value_columns:
        slots = []
        for g in (1, 2, 3):
            cell = rec[f"{c}_g{g}"].strip()
            if cell in (MISSING_TEXT, "rule"):
                missing = missing or cell == MISSING_TEXT
                slots.append(math.nan if cell == MISSING_TEXT else math.inf)  # inf marks "computed by rule"
            else:
                slots.append(_float(cell))
        values[c] = (slots[0], slots[1], slots[2])
    source = {k: rec.get(k, "") for k in ("standard", "edition", "table", "clause", "source_page", "source_id",
                                          "confidence")}
    return Row(row_keys, bands, values, missing, source, listed)


def _band_text(b: Band) -> str:
    if b.is_open:
        return ""
    lo = "" if b.lo == -math.inf else f"{b.lo:g}{'≤' if b.lo_incl else '<'}"
    hi = "" if b.hi == math.inf else f"{'≤' if b.hi_incl else '<'}{b.hi:g}"
    return f"{lo}x{hi}"


def _apply_between_rule(rows: list[Row], records: list[dict[str, str]], dims: Sequence[str],
                        rules: Mapping[str, str]) -> None:
    """Widen listed ratings into bands: ``next_lower`` = [this rating, next listed rating) within the rows
    that share every key and every other dimension (a band printed as one row, ``x_band_min``, also ends
    the listed rating below it); ``exact`` leaves the listed point as it is."""
    for d in dims:
        if rules.get(d, "exact") != "next_lower":
            continue
        listed_rows = [i for i, rec in enumerate(records) if rec.get(d, "").strip()]
        groups: dict[tuple[object, ...], list[int]] = {}
        for i in listed_rows:
            row = rows[i]
            sig = (tuple(sorted((k, tuple(sorted(v or ("*",)))) for k, v in row.keys.items())),
                   tuple((o, row.bands[o]) for o in dims if o != d and o not in _listed_dims(records[i], dims)),
                   tuple((o, records[i][o]) for o in _listed_dims(records[i], dims) if o != d))
            groups.setdefault(sig, []).append(i)
        for members in groups.values():
            points = sorted({rows[i].bands[d].lo for i in members})
            following = {p: points[j + 1] for j, p in enumerate(points[:-1])}
            band_starts = sorted(rows[i].bands[d].lo for i, rec in enumerate(records)
                                 if not rec.get(d, "").strip() and rec.get(f"{d}_band_min", "").strip()
                                 and rows[i].keys == rows[members[0]].keys)
            for i in members:
                p = rows[i].bands[d].lo
                nxt = following.get(p)
                later_bands = [s for s in band_starts if s > p]
                if later_bands and (nxt is None or later_bands[0] < nxt):
                    nxt = later_bands[0]
                if nxt is not None:
                    rows[i].bands[d] = Band(p, True, nxt, False)


def _listed_dims(rec: dict[str, str], dims: Sequence[str]) -> list[str]:
    return [o for o in dims if rec.get(o, "").strip()]
