"""Hand-written SQL for the few reads that every request makes.

Building a query with the ORM costs more than running it when it is small and asked on
every page: the person's roles with their counters took 9 ms, 7 of them in building
(apps/dashboards/roles.py). Such a query is written out once a process from the
models' own table and column names, and its values are given back as the ORM would
give them: with the database's and the fields' converters applied (SQLite hands back
dates as text, booleans as integers).
"""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Columns:
    """The SQL of some model fields' columns, and how to read their values back."""

    sql: list[str]
    converters: list  # (position, column expression, [converter, ...])

    def read(self, row) -> list:
        values = list(row)
        for position, column, functions in self.converters:
            for function in functions:
                values[position] = function(values[position], column, connection)
        return values


def columns(fields) -> Columns:
    """`fields`: (table alias, model field) pairs, in the order the query selects them."""
    quote = connection.ops.quote_name
    converters = []
    for position, (alias, field) in enumerate(fields):
        column = field.get_col(alias)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        )
        if functions:
            converters.append((position, column, functions))
    return Columns(
        sql=[f"{alias}.{quote(field.column)}" for alias, field in fields],
        converters=converters,
    )


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def rows(sql: str, parameters, read=None) -> list:
    """The query's rows, each passed through `read` (e.g. Columns.read)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        found = cursor.fetchall()
    return [read(row) for row in found] if read else found
