"""One screen per module: overview, ledger, unit detail, unit form, filters, plan, reports, help, confirm."""
