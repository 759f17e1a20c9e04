"""The use cases of equipinv, once, for every front.

The CLI (`equipinv/commands/*`) and the TUI (`tui/screens/*`) parse what the user typed, call a use
case here and show what it returns; they assemble nothing themselves. Every use case takes a
`Context` — the engine, the configuration and the clock, built once at start-up by the front — so
`--config` and a frozen "today" reach every screen and command the same way.

Modules: `context` (what a use case runs with), `scopes` (which enterprises a command or screen
means), `units` (add, edit, idle, retire a unit: regraded and rechecked in the same transaction),
`planning` (recommend, solve and accept a plan of a scope), `documents` (the lists and the summary of
a scope), `closure` (mark an elimination done, verify it, the progress figures). Importing a ledger or
a survey package and consolidating an inbox are single use cases already (`exchange.ledger_import`,
`exchange.package`, `bureau.consolidate`), which both fronts call.
"""
