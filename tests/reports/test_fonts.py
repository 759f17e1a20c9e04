"""Font resolution: configured fonts win and are checked, the shipped font is the default and covers
what the project prints, a stripped install falls back to a system font or says what to do, and a
character outside the font is reported and marked."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader

from equipinv.listing import ListSection, standard_list
from reports import fonts
from reports.fonts import FontError, parse_spec, resolve_font
from reports.pdf import render_list_pdf

from .samples import FILLER, elimination_rows, page_texts

VERA = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")  # Latin only, ships with reportlab
ROOT = Path(__file__).resolve().parents[2]
NOT_IN_NOTO = {"\u2044"}  # ⁄ FRACTION SLASH (a catalogue's "1⁄2"): Noto Sans CJK SC 2.004 has no glyph


def _charset():
    """reports/cjkfont/build_font.py's character selection, loaded without fontTools (not a test dependency)."""
    spec = importlib.util.spec_from_file_location("cjk_charset", ROOT / "reports" / "cjkfont" / "charset.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EQUIPINV_PDF_FONT", raising=False)


@pytest.fixture
def stripped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """An install whose bundled font was removed (as some distributions do)."""
    monkeypatch.setattr(fonts, "shipped_font_path", lambda: tmp_path / "gone" / fonts.SHIPPED_FILE)
    fonts._default_font.cache_clear()
    yield monkeypatch
    fonts._default_font.cache_clear()


def test_spec_with_and_without_face_index() -> None:
    assert parse_spec("/fonts/msyh.ttc,1") == ("/fonts/msyh.ttc", 1)
    assert parse_spec(r"C:\Windows\Fonts\simhei.ttf") == (r"C:\Windows\Fonts\simhei.ttf", 0)
    assert parse_spec("/a,b/font.ttf") == ("/a,b/font.ttf", 0)


def test_the_shipped_font_is_the_default(no_env: None) -> None:
    font = resolve_font()
    assert font.source == "shipped" and not font.warnings
    assert Path(font.path) == fonts.shipped_font_path() and Path(font.path).stat().st_size < 3_000_000
    assert (Path(font.path).parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


def test_the_shipped_font_covers_gb2312_and_every_character_the_project_uses(no_env: None) -> None:
    font, charset = resolve_font(), _charset()
    assert font.missing_chars(charset.gb2312_chars()) == []
    used = charset.project_chars(ROOT)
    assert len(used) > 1000
    assert set(font.missing_chars(used)) == NOT_IN_NOTO, "re-run reports/cjkfont/build_font.py"
    assert font.missing_chars(["℃ ㎡ m³ m² ≤ ≥ ± × · — 、 《》 ①②③ ⅰⅱ Ⅳ ％ ￥ CO₂ kW·h Lüliang"]) == ["₂"]


def test_environment_variable_wins_over_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttf"
    shutil.copy(fonts.shipped_font_path(), mine)
    monkeypatch.setenv("EQUIPINV_PDF_FONT", str(mine))
    chosen = resolve_font(configured="/nonexistent/font.ttf")
    assert chosen.source == "env" and chosen.path == str(mine) and chosen.label == str(mine)


def test_config_value_used_when_no_environment(no_env: None, tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttf"
    shutil.copy(fonts.shipped_font_path(), mine)
    chosen = resolve_font(configured=f"{mine},0")
    assert chosen.source == "config" and chosen.path == str(mine) and chosen.name != resolve_font().name


@pytest.mark.parametrize("spec", ["/nonexistent/simhei.ttf", VERA])
def test_unusable_configured_font_is_an_error_naming_it(spec: str, no_env: None) -> None:
    with pytest.raises(FontError) as err:
        resolve_font(configured=spec)
    assert str(err.value).startswith("错误：") and spec in str(err.value)


def test_stripped_install_uses_a_system_font_and_says_so(no_env: None, stripped: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    system = tmp_path / "system.ttf"  # stands in for a system CJK TrueType font
    shutil.copy(Path(fonts.__file__).parent / "cjkfont" / fonts.SHIPPED_FILE, system)
    stripped.setattr(fonts, "system_candidates", lambda: [str(tmp_path / "absent.ttc"), VERA, f"{system},0"])
    font = resolve_font()
    assert font.source == "system" and font.path == str(system)
    assert len(font.warnings) == 1 and str(system) in font.warnings[0] and fonts.SHIPPED_FILE in font.warnings[0]


def test_stripped_install_without_system_fonts_is_an_error(no_env: None, stripped: pytest.MonkeyPatch) -> None:
    stripped.setattr(fonts, "system_candidates", lambda: [VERA])
    with pytest.raises(FontError) as err:
        resolve_font()
    assert str(err.value).startswith("错误：") and "EQUIPINV_PDF_FONT" in str(err.value)


def test_characters_outside_the_font_are_reported_and_marked(no_env: None, tmp_path: Path) -> None:
    font = resolve_font()
    rare = "\U00020000"  # CJK Extension B, beyond GB 2312 and the shipped subset
    assert font.missing_chars(["中文", f"设备{rare}", rare, "堃"]) == sorted([rare, "堃"])
    rows = elimination_rows(f"吕梁{rare}煤业有限公司", 2)
    doc = standard_list("elimination", [ListSection("", rows)], filler=FILLER)
    result = render_list_pdf(doc, tmp_path / "rare.pdf", font=font)
    assert result.missing_chars == [rare]
    (warning,) = result.warnings
    assert f"{rare}(U+20000)" in warning and fonts.SHIPPED_LABEL in warning and "EQUIPINV_PDF_FONT" in warning
    assert "吕梁[U+20000]煤业有限公司" in "".join(page_texts(tmp_path / "rare.pdf"))


def test_no_font_outside_the_shipped_one_is_used(no_env: None, tmp_path: Path) -> None:
    doc = standard_list("elimination", [ListSection("", elimination_rows("山西吕梁离石焦化有限公司", 3))],
                        filler=FILLER)
    render_list_pdf(doc, tmp_path / "list.pdf")
    names = {str(f.get_object()["/BaseFont"]) for p in PdfReader(tmp_path / "list.pdf").pages
             for f in p["/Resources"]["/Font"].values()}
    assert names and all(n.endswith("+EquipinvSansSC-Regular") for n in names), names


def test_fontconfig_candidates_are_usable_specs() -> None:
    specs = fonts._fc_list_candidates()
    if shutil.which("fc-list") is None:  # fontconfig's tool is optional: then only fixed paths count
        assert specs == []
    for spec in specs:
        path, index = parse_spec(spec)
        assert Path(path).is_file() and index >= 0, spec
