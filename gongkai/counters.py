"""A counter row stepped by one in a single statement: INSERT … ON CONFLICT … DO UPDATE … RETURNING
(SQLite 3.35+ and PostgreSQL). The row is made at 1 when missing, and the database locks it for
the statement, so two processes never both read 7 and both write 8. Inside a transaction the step
is undone with it."""

from django.db import connection


def step(model, *, keys: dict, field: str, extra: dict | None = None) -> int:
    """Add one to `field` of the row of `model` identified by `keys` (a unique constraint's
    columns); `extra` are further columns of a new row. The new value."""
    return step_returning(model, keys=keys, field=field, extra=extra)[0]


def step_returning(model, *, keys: dict, field: str, extra: dict | None = None, also=()) -> tuple:
    """As step(); the new value, then the row's columns `also` (as the database returns them)."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    values = {**keys, **(extra or {})}
    columns = ", ".join(q(model._meta.get_field(name).column) for name in [*values, field])
    target = ", ".join(q(model._meta.get_field(name).column) for name in keys)
    counter = q(model._meta.get_field(field).column)
    returning = ", ".join([counter, *(q(model._meta.get_field(name).column) for name in also)])
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}, 1) "
            f"ON CONFLICT ({target}) DO UPDATE SET {counter} = {table}.{counter} + 1 RETURNING {returning}",
            [model._meta.get_field(name).get_db_prep_save(v, connection) for name, v in values.items()],
        )
        return tuple(cursor.fetchone())
