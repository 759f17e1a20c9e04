"""Model-number normalisation shared by the data loader and both matcher paths.

People write one model many ways: full-width letters, lowercase, spaces or any of
一 — － – ~ between parts, Chinese labels before or after ("电机Y132S-4型").
`canonical_model` turns all of these into one ASCII-uppercase string in which
every separator is a single "-"; `compact_model` drops the dashes as well so
"Y2-132S-4" and "Y2 132S 4" compare equal. Look-alike series are kept apart by
`series_match`, which checks the character after the series code.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = "—－–−‐‑―~～〜"
_DASH_RE = re.compile("[" + re.escape(_DASHES) + "]")
# 一 (the Chinese numeral one) is a dash only between ASCII letters/digits/brackets.
_YI_RE = re.compile(r"(?<=[0-9A-Za-z)\]])\s*一\s*(?=[0-9A-Za-z(\[])")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_EDGE_CJK_RE = re.compile(rf"^[{_CJK}：:\s]+|[{_CJK}：:\s]+$")
_SPACE_AROUND_SEP_RE = re.compile(r"\s*([-/(),.×*])\s*")
_MULTI_DASH_RE = re.compile(r"-{2,}")
_TIMES_RE = re.compile(r"(?<=\d)\s*[×*xX]\s*(?=\d)")

#: Where a series code is followed by one of these boundary kinds.
SERIES = "series"            # letter-ending code: next not a letter; digit-ending: next not a digit
SERIES_GEN = "series_gen"    # as SERIES, and a single digit + "-" after a letter code is another
                             # generation (YB vs YB2, Y vs Y2), not a frame size
STRICT = "strict"            # next char must be "-", "/", "(" or the end (S vs S11 transformers)
EXACT = "exact"              # the whole model, or the model followed by "-", "/", "(" (S9-200/10)

#: Written forms a catalogue item may state (the data files' `forms` column) beyond its code followed by
#: the boundary of its mode. Each widens what the item matches, in one precise way:
FORMS = {
    "frame_pole": "motor frame and pole code after the series code (JO2-52-4, YB160M-4), the frame read for frame bounds",
    "size_prefix": "a size number (inch or mm) before the code: 4BA-18, 1.5GC-5X6, 8JD-80X10",
    "stages": "design point and stage count after the model: 6DA-8X5, 50TSW×7, DG45-59X8",
    "trim": "an impeller-trim letter A, B or C after a model that ends in its number: 150F56A, 100F37B",
    "o_zero": "the letter O of the code written as the digit 0, or the other way round: J02, BJ02, JRO2",
}
_SIZE_PREFIX_RE = re.compile(r"^\d+(?:\.\d+)?-?(?=[A-Z])")
_STAGES_AFTER_LETTER_RE = re.compile(r"^-?\d+(?:\.\d+)?(?:-?[X×*]\d{1,2})?$|^-?[X×*]\d{1,2}$")
_STAGES_AFTER_DIGIT_RE = re.compile(r"^-?[X×*]\d{1,2}$")
_TRIM_RE = re.compile(r"^[ABC](?:[-/(].*)?$")
PHRASE_GAP = "..."  # in a name keyword: the words on either side, in order, anything between


def canonical_model(text: str | None) -> str:
    """Return the canonical form of a model string ('' when nothing usable is left)."""
    if not text:
        return ""
    s = str(text)
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)
        s = s.replace("\u3000", " ").replace("“", "").replace("”", "")
        s = _YI_RE.sub("-", s)
        s = _DASH_RE.sub("-", s)
        s = s.strip()
        core = _EDGE_CJK_RE.sub("", s)
        # Chinese prefixes such as 浙农 are part of some pump models: keep them when
        # the rest has no Latin letter ("浙农2-6"), drop labels otherwise ("电机Y132S-4").
        if re.search(r"[A-Za-z]", core):
            s = core
    s = s.replace('"', "").replace("~", "-").upper().strip()
    if "*" in s or "×" in s or "X" in s:
        s = _TIMES_RE.sub("X", s)
    if " " in s or "\t" in s:
        s = _SPACE_AROUND_SEP_RE.sub(r"\1", s)
        s = re.sub(r"\s+", "-", s)
    if "--" in s or s.startswith("-") or s.endswith("-"):
        s = _MULTI_DASH_RE.sub("-", s).strip("-")
    return s


def compact_model(canonical: str) -> str:
    """Canonical form without dashes: the key for whole-model comparison."""
    return canonical.replace("-", "")


def boundary_ok(rest: str, code: str, mode: str) -> bool:
    """May `rest` follow series `code` (in `mode`) in a model of that series?"""
    if not rest:
        return True
    nxt = rest[0]
    if mode in (STRICT, EXACT):
        return nxt in "-/("
    last = code[-1]
    if last.isalpha():
        if nxt.isalpha():
            return False
        if mode == SERIES_GEN:
            m = re.match(r"-?(\d+)(.?)", rest)
            if m and len(m.group(1)) == 1 and m.group(2) in ("-", "") and not rest.startswith("-"):
                return False
        return True
    if last.isdigit():
        return not nxt.isdigit()
    return True


def series_match(canonical: str, code: str, mode: str) -> bool:
    """True when `canonical` belongs to series `code` (both canonical)."""
    if mode == EXACT:
        m, c = compact_model(canonical), compact_model(code)
        if not m.startswith(c):
            return False
        return boundary_ok(m[len(c):], c, EXACT)
    if not canonical.startswith(code):
        return False
    return boundary_ok(canonical[len(code):], code, mode)


def frame_number(canonical: str, code: str) -> int | None:
    """Frame size (机座号) written after a motor series code: YB132S-4 -> 132."""
    m = re.match(r"-?(\d{2,3})", canonical[len(code):])
    return int(m.group(1)) if m else None


def strip_size_prefix(canonical: str) -> str | None:
    """The model without its leading size number ("4BA-18" -> "BA-18"), or None when it has none."""
    m = _SIZE_PREFIX_RE.match(canonical)
    return canonical[m.end():] if m else None


def o_zero_variants(code: str) -> list[str]:
    """The code with its O written as 0 after a letter, or its 0 after a letter written as O (JO2 -> J02)."""
    swapped = re.sub(r"(?<=[A-Z])[O0](?=\d|$|-)", lambda m: "0" if m.group(0) == "O" else "O", code)
    return [swapped] if swapped != code else []


def rest_after(canonical: str, compact_length: int) -> str:
    """What follows the first `compact_length` dash-free characters of `canonical`, dashes kept."""
    seen = 0
    for i, ch in enumerate(canonical):
        if seen == compact_length:
            return canonical[i:]
        seen += ch != "-"
    return ""


def forms_ok(rest: str, code: str, forms: frozenset[str]) -> bool:
    """May `rest` (dashes kept) follow `code` through one of the written forms an item states?"""
    if not rest:
        return False
    if "stages" in forms:
        pattern = _STAGES_AFTER_DIGIT_RE if code[-1].isdigit() else _STAGES_AFTER_LETTER_RE
        if pattern.match(rest):
            return True
    return "trim" in forms and code[-1].isdigit() and bool(_TRIM_RE.match(rest))


def item_match(canonical: str, code: str, mode: str, forms: frozenset[str] = frozenset()) -> bool:
    """True when `canonical` is a member of the item with series/model `code` in `mode` and `forms`."""
    if series_match(canonical, code, mode):
        return True
    if forms & {"stages", "trim"} and compact_model(canonical).startswith(compact_model(code)):
        if forms_ok(rest_after(canonical, len(compact_model(code))), code, forms):
            return True
    if "size_prefix" in forms:
        stripped = strip_size_prefix(canonical)
        if stripped is not None:
            return item_match(stripped, code, mode, forms - {"size_prefix"})
    return False


def phrase_in(keyword: str, name: str) -> bool:
    """Are the words of `keyword` (separated by PHRASE_GAP) in `name`, in order, with anything between?"""
    if PHRASE_GAP not in keyword:
        return keyword in name
    at = 0
    for word in keyword.split(PHRASE_GAP):
        found = name.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True
