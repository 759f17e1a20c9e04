"""Alembic environment: runs on the connection equipinv hands it (see equipinv.db.upgrade)."""

from alembic import context
from sqlmodel import SQLModel

import equipinv.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("equipinv migrations run through equipinv.db.upgrade(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
