"""What every use case runs with: the database engine, the configuration and the clock.

A front builds one `Context` at start-up (the CLI from `--db`, `--config`; the TUI receives the CLI's)
and passes it to each use case, so no screen or command reads the configuration file or the date on
its own — a test freezes "today" or points at another configuration in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from equipinv.config import Config


@dataclass(frozen=True)
class Context:
    """The engine (sessions are opened per use case from it), the configuration and the clock."""

    engine: sa.Engine
    config: Config = field(default_factory=Config)
    clock: Callable[[], dt.date] = dt.date.today
    actor: str | None = None  # who the audit trail names: "cli", "tui", a staff role

    @property
    def today(self) -> dt.date:
        """The date figures are computed for (frozen in tests and the demo)."""
        return self.clock()

    @classmethod
    def on(cls, engine: sa.Engine, config: Config, today: dt.date | None, *, actor: str | None = None) -> Context:
        """A context whose clock is frozen at `today` (None: the real date)."""
        return cls(engine, config, (lambda: today) if today is not None else dt.date.today, actor)
