"""Is a unit used underground in a coal mine? Read from where a mine's ledger says it is used (使用地点).

The coal-mine banned lists apply to equipment used in underground coal mines (煤矿井下使用); mines do not
keep that flag, they write the place: "井下中央变电所", "1201综采工作面", "+450水平运输大巷", "井底车场".
A place that names an underground working (a working face, a roadway, the shaft bottom ...) sets the
flag, with its source recorded as "location". Any other place says nothing: a surface hoist house of an
underground mine is still in a 井工煤矿, so there the mine's own type decides (Enterprise.mine_type,
applied by the import), and without it the lists answer "cannot decide" rather than guess.
"""

from __future__ import annotations

import unicodedata
from typing import Any

# Words that name underground workings of a mine (a place containing one is underground).
UNDERGROUND_WORDS = ("井下", "工作面", "巷道", "大巷", "顺槽", "运输巷", "回风巷", "轨道巷", "皮带巷", "联络巷",
                     "井底车场", "采区", "掘进", "回采", "综采", "综掘", "硐室", "石门", "上山", "下山", "水仓",
                     "暗斜井", "中央变电所", "中央泵房", "采空区")
LOCATION_SOURCE = "location"
MINE_TYPE_SOURCE = "mine_type"


def underground_from_location(location: str) -> bool | None:
    """True when the place names an underground working; None when it does not say."""
    place = unicodedata.normalize("NFKC", location).strip()
    return True if place and any(word in place for word in UNDERGROUND_WORDS) else None


def apply_mine_type(mine_type: str | None, rows: list[dict[str, Any]]) -> None:
    """Rows of a 井工矿 (underground) are used in an underground coal mine, rows of a 露天矿 (open_pit) are
    not, where neither the ledger nor the place said; the source is recorded as the mine type."""
    if mine_type not in ("underground", "open_pit"):
        return
    for clean in rows:
        if "underground_coal_mine" not in clean:
            clean["underground_coal_mine"] = mine_type == "underground"
            clean["value_sources"] = {**clean.get("value_sources", {}), "underground_coal_mine": MINE_TYPE_SOURCE}
