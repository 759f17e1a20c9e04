"""Survey packages for the attacks: a demo enterprise's real package, and rewritten copies whose manifest
still matches (so only the rule under test can refuse them)."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from equipinv.exchange.package import export_package
from equipinv.models import Enterprise


def export(engine_or_session: Session, region: str, path: Path, *, period: str) -> Path:
    """The package of the first demo enterprise of `region`."""
    enterprise = engine_or_session.exec(select(Enterprise).where(Enterprise.region_code == region)
                                        .order_by(Enterprise.id)).first()
    assert enterprise is not None
    return export_package(engine_or_session, enterprise, path, period=period)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(source: Path, target: Path, *, ledger: Callable[[list[str]], list[str]] | None = None,
            manifest: dict[str, object] | None = None, extra: list[tuple[str, bytes]] = (),
            credit_code: str | None = None) -> Path:
    """A copy of `source` with its ledger lines changed and manifest fields set, checksums made to match;
    `extra` members are appended as they are (e.g. a second member of the same name); `credit_code` makes
    it the package of another enterprise."""
    data = members(source)
    if ledger is not None:
        lines = data["ledger.csv"].decode("utf-8").splitlines()
        data["ledger.csv"] = ("\n".join(ledger(lines)) + "\n").encode("utf-8")
    info = json.loads(data["manifest.json"])
    info.update(manifest or {})
    if credit_code is not None:  # the same ledger as another (new) enterprise's
        old = info["credit_code"]
        data["ledger.csv"] = data["ledger.csv"].replace(old.encode(), credit_code.encode())
        data["enterprise.json"] = data["enterprise.json"].replace(old.encode(), credit_code.encode())
        info["credit_code"] = credit_code
    for name, content in data.items():
        if name != "manifest.json":
            info["members"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    data["manifest.json"] = json.dumps(info, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name written on purpose
        for name, content in data.items():
            archive.writestr(name, content)
        for name, content in extra:
            archive.writestr(name, content)
    target.write_bytes(buffer.getvalue())
    return target
