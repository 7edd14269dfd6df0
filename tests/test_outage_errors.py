"""Which database errors are an outage (wait and retry, tell the person it is briefly away) and which are
bugs (report them). A PostgreSQL server that is still starting up arrives wrapped twice."""

from __future__ import annotations

from asyncpg import exceptions as pg
from sqlalchemy.exc import DBAPIError, IntegrityError

from presentation.outage import is_outage


class AdapterError(Exception):
    """Stands in for SQLAlchemy's AsyncAdapt_asyncpg_dbapi.Error, which wraps asyncpg's own error."""


def test_a_server_starting_up_is_an_outage_however_deeply_it_is_wrapped() -> None:
    driver = pg.CannotConnectNowError("the database system is starting up")
    adapter = AdapterError("the database system is starting up")
    adapter.__cause__ = driver
    assert is_outage(DBAPIError("SELECT 1", {}, adapter))


def test_a_refused_connection_is_an_outage_and_a_duplicate_key_is_a_bug() -> None:
    assert is_outage(DBAPIError("SELECT 1", {}, ConnectionRefusedError(111, "refused")))
    assert not is_outage(IntegrityError("INSERT", {}, ValueError("duplicate key")))
    assert not is_outage(ValueError("a bug"))
    assert not is_outage(None)
