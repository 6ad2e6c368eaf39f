"""Hand-written SQL for the annual report's statistics (sections 二–四), on both databases.

Why not the ORM there: a report's cells take eight small GROUP BY queries whose database time is
well under a millisecond, while building them through the ORM (`Count(filter=Q(...))`
annotations) cost 10–60 ms every time: compiling, not counting, was the report (issue 15). These
queries are written once, with table and column names taken from the models, and run on the
driver's cursor with parameters. The drill-down to the records behind a cell stays in the ORM;
tests check that it lists exactly the records each cell counts.
"""

import functools
from decimal import Decimal

from django.db import connection, connections, router

CENT = Decimal("0.01")


def fetch(model, sql: str, params: dict) -> list[tuple]:
    """Every row of `sql` (named placeholders `%(name)s`) run with `params` on the database the
    ORM would read `model` from (the replica for the anonymous public, see gongkai/replica.py)."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.cache
def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def in_list(name: str, values) -> tuple[str, dict]:
    """(`%(name0)s, %(name1)s, …`, their parameters) for the values of an `IN (…)`."""
    params = {f"{name}{i}": v for i, v in enumerate(values)}
    return ", ".join(f"%({key})s" for key in params), params


def money(value) -> Decimal:
    """A SUM of a two-decimal amount as the Decimal the ORM gives: PostgreSQL returns a Decimal,
    SQLite a float (whose binary error quantizing to the cent removes), both None for no rows."""
    if value is None:
        return Decimal(0)
    return Decimal(value).quantize(CENT)
