"""Model strings written the ways people write them normalise to one form; look-alike series stay apart."""

import pytest

from catalog.normalize import EXACT, SERIES, SERIES_GEN, STRICT, canonical_model, compact_model, frame_number, series_match


@pytest.mark.parametrize("raw,canon", [
    ("Y2-132S-4", "Y2-132S-4"), ("Y2 132S 4", "Y2-132S-4"), ("ｙ２－１３２Ｓ－４", "Y2-132S-4"),
    ("y2—132s—4", "Y2-132S-4"), ("Y2一132S一4", "Y2-132S-4"), ("Y2–132S–4", "Y2-132S-4"), ("y2 - 132s - 4", "Y2-132S-4"),
    ("电机Y132S-4型", "Y132S-4"), ("型号：Y132S-4", "Y132S-4"), ("浙农2—6", "浙农2-6"), ("V—3 ／8", "V-3/8"),
    ("lg100x72-1", "LG100X72-1"), ("LG100× 72一1", "LG100X72-1"), ("", ""), (None, ""), ("   ", ""),
])
def test_canonical_forms(raw, canon):
    assert canonical_model(raw) == canon


def test_spaces_and_dashes_compare_equal_but_yi_inside_words_is_kept():
    assert compact_model(canonical_model("Y2 132S 4")) == compact_model(canonical_model("Y2-132S-4"))
    assert canonical_model("一般轴流通风机") == "一般轴流通风机"


@pytest.mark.parametrize("model,code,mode,hit", [
    ("Y132S-4", "Y", SERIES_GEN, True), ("Y-132S-4", "Y", SERIES_GEN, True),
    ("YE3-132S-4", "Y", SERIES_GEN, False), ("YE4-132S-4", "Y", SERIES_GEN, False), ("YX3-132S-4", "Y", SERIES_GEN, False),
    ("Y2-132S-4", "Y", SERIES_GEN, False), ("YB132S-4", "YB", SERIES_GEN, True), ("YBX3-132S-4", "YB", SERIES_GEN, False),
    ("YB2-132S-4", "YB", SERIES_GEN, False), ("YBK2-132S-4", "YB", SERIES_GEN, False), ("YB2-132S-4", "YB2", SERIES_GEN, True),
    ("S11-M-200/10", "S", STRICT, False), ("S-100/10", "S", STRICT, True), ("S9-200/10", "S9-200", EXACT, True),
    ("S9-2000/10", "S9-200", EXACT, False), ("S9200/10", "S9-200", EXACT, True), ("8-18NO.5", "8-18", SERIES, True),
    ("8-180", "8-18", SERIES, False), ("Y5-47NO.4C", "Y5-47", SERIES, True), ("Y9-35NO.8D", "9-35", SERIES, False),
])
def test_series_boundaries(model, code, mode, hit):
    assert series_match(model, code, mode) is hit


def test_frame_number_read_after_series_code():
    assert frame_number("YB132S-4", "YB") == 132
    assert frame_number("YB-90L-4", "YB") == 90
    assert frame_number("YBXYZ", "YB") is None


def test_norm_text_removes_exactly_the_whitespace_re_matches() -> None:
    """`norm_text` drops whitespace with `str.split()`; `re`'s `\\s` is the same set, checked on every code point."""
    import re
    import sys

    from catalog.facts import norm_text

    assert all(bool(re.fullmatch(r"\s", chr(i))) == chr(i).isspace() for i in range(sys.maxunicode + 1))
    assert norm_text(" Y\u3000 250M\t-4\u00a0\n") == "Y250M-4"
    assert norm_text("ＹＢ２－２５０") == "YB2-250" and norm_text(None) == "" and norm_text(7.5) == "7.5"
