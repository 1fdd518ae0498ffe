"""SQL adapters (SQLAlchemy 2 async, SQLite and PostgreSQL): engine, unit of work, migrations."""

from bigauto.adapters.sql.engine import create_engine, normalise_url
from bigauto.adapters.sql.migrate import database_is_empty, downgrade, upgrade, upgrade_engine
from bigauto.adapters.sql.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = [
    "SqlUnitOfWork",
    "SqlUnitOfWorkFactory",
    "create_engine",
    "database_is_empty",
    "downgrade",
    "normalise_url",
    "upgrade",
    "upgrade_engine",
]
