"""Font resolution: configured fonts win and are checked, system fonts embed, the fallback warns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader

from equipinv.listing import ListSection, standard_list
from reports import fonts
from reports.fonts import FontError, cid_fallback, parse_spec, resolve_font
from reports.pdf import render_list_pdf

from .samples import FILLER, dark_fraction, elimination_rows, page_texts

VERA = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")  # Latin only, ships with reportlab


def _system_font() -> fonts.ResolvedFont:
    found = resolve_font()
    assert found.source == "system" and found.path, (
        "no CJK TrueType font on this machine: install fonts-wqy-microhei (as .ci/run does)"
    )
    return found


def test_spec_with_and_without_face_index() -> None:
    assert parse_spec("/fonts/msyh.ttc,1") == ("/fonts/msyh.ttc", 1)
    assert parse_spec(r"C:\Windows\Fonts\simhei.ttf") == (r"C:\Windows\Fonts\simhei.ttf", 0)
    assert parse_spec("/a,b/font.ttf") == ("/a,b/font.ttf", 0)


def test_environment_variable_wins_over_config(monkeypatch: pytest.MonkeyPatch) -> None:
    system = _system_font()
    monkeypatch.setenv("EQUIPINV_PDF_FONT", f"{system.path},{system.subfont_index}")
    chosen = resolve_font(configured="/nonexistent/font.ttf")
    assert chosen.source == "env" and chosen.embedded and chosen.path == system.path


def test_config_value_used_when_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EQUIPINV_PDF_FONT", raising=False)
    system = _system_font()
    chosen = resolve_font(configured=system.path)
    assert chosen.source == "config" and chosen.name == resolve_font(system.path).name


@pytest.mark.parametrize("spec", ["/nonexistent/simhei.ttf", VERA])
def test_unusable_configured_font_is_an_error_naming_it(spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EQUIPINV_PDF_FONT", raising=False)
    with pytest.raises(FontError) as err:
        resolve_font(configured=spec)
    assert str(err.value).startswith("错误：") and spec in str(err.value)


def test_without_system_fonts_the_cid_fallback_warns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EQUIPINV_PDF_FONT", raising=False)
    font = resolve_font(search_system=False)
    assert font == cid_fallback() and not font.embedded
    doc = standard_list("elimination", [ListSection("", elimination_rows("山西吕梁离石焦化有限公司", 3))],
                        filler=FILLER)
    result = render_list_pdf(doc, tmp_path / "cid.pdf", font=font)
    assert not result.embedded_font
    assert any("STSong-Light" in w and "EQUIPINV_PDF_FONT" in w for w in result.warnings)
    names = {str(f.get_object()["/BaseFont"]) for f in PdfReader(tmp_path / "cid.pdf").pages[0]["/Resources"]["/Font"].values()}
    assert any("STSong-Light" in n for n in names)
    assert "山西吕梁离石焦化有限公司" in page_texts(tmp_path / "cid.pdf")[0]


def test_characters_outside_the_font_are_reported_and_marked(tmp_path: Path) -> None:
    font = _system_font()
    rare = "\U00020000"  # CJK Extension B, beyond MicroHei / SimHei
    assert font.missing_chars(["中文", f"设备{rare}", rare]) == [rare]
    rows = elimination_rows(f"吕梁{rare}煤业有限公司", 2)
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    result = render_list_pdf(doc, tmp_path / "rare.pdf", font=font)
    assert result.missing_chars == [rare]
    assert any("U+20000" in w for w in result.warnings)
    assert "吕梁[U+20000]煤业有限公司" in "".join(page_texts(tmp_path / "rare.pdf"))


def test_embedded_font_renders_without_any_system_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """poppler with an empty fontconfig (a machine without Chinese fonts) draws the same page."""
    monkeypatch.delenv("EQUIPINV_PDF_FONT", raising=False)
    doc = standard_list("elimination", [ListSection("", elimination_rows("山西吕梁离石焦化有限公司", 6))],
                        filler=FILLER)
    render_list_pdf(doc, tmp_path / "embedded.pdf", font=_system_font())
    render_list_pdf(doc, tmp_path / "cid.pdf", font=cid_fallback())
    with_fonts = [dark_fraction(tmp_path / name) for name in ("embedded.pdf", "cid.pdf")]
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
        f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    without = [dark_fraction(tmp_path / name) for name in ("embedded.pdf", "cid.pdf")]
    assert without[0] == pytest.approx(with_fonts[0], rel=0.01), "the embedded subset needs no system font"
    assert without[1] < 0.9 * with_fonts[1], "the CID fallback loses its text, as its warning says"


def test_fontconfig_candidates_are_usable_specs() -> None:
    specs = fonts._fc_list_candidates()
    if shutil.which("fc-list") is None:  # fontconfig's tool is optional: then only fixed paths count
        assert specs == []
    for spec in specs:
        path, index = parse_spec(spec)
        assert Path(path).is_file() and index >= 0, spec
