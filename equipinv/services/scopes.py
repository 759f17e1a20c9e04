"""Which enterprises a command or a screen means: one enterprise, one region (with its subdivisions) or all.

The CLI's `--enterprise` / `--region` and the TUI's scope pickers both become a `ScopeRequest`, which
resolves to the `lists.Scope` that lists, summaries and plans use — and whose kind and key say which
stored plan belongs to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from equipinv import codes
from equipinv.errors import BadInput
from equipinv.ledger import find_enterprise
from equipinv.lists import Scope


@dataclass(frozen=True)
class ScopeRequest:
    """What the user chose: an enterprise (id, credit code or name), a region code, or neither (all)."""

    enterprise: str | int | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        if self.enterprise not in (None, "") and self.region:
            raise BadInput("范围只能选一个：企业或行政区划代码", "give either an enterprise or a region",
                           field="scope", value=f"{self.enterprise} / {self.region}")
        if self.region:
            codes.region(self.region)  # a CodeError naming the value, before any work starts

    def resolve(self, session: Session) -> Scope:
        if self.region:
            return Scope.region(session, self.region)
        if self.enterprise not in (None, ""):
            assert self.enterprise is not None
            return Scope.enterprise(find_enterprise(session, self.enterprise))
        return Scope.everything(session)
