"""The machinery of the record's tables as files: a column (its public name, Table Schema
type, codebook description and the SQL of its cell) and a table of columns. The tables
themselves are in incidents.schema (incidents, citations, regions) and
incidents.statement_tables (statements, their totals, claims)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Func, Subquery, TextField
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from incidents.cells import LIST_SEPARATOR, NONE, IsoDate, IsoDateTime, SpreadsheetSafe
from incidents.choices import Reporting
from incidents.internals import explicit_ordering

UTC = _("UTC, ISO 8601.")
STATUS = tuple(Reporting.values)


class JoinedValues(Subquery):
    """The `value` column of an ordered subquery, joined with ';' into one text cell.

    Aggregating over an ordered derived table keeps the order on both databases, so two lists
    built from the same rows (source names and their URLs) line up item by item.
    """

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                f"(SELECT STRING_AGG(j.value, '{LIST_SEPARATOR}' ORDER BY j.n) "
                "FROM (%(subquery)s) j)"
            ),
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"(SELECT GROUP_CONCAT(j.value, '{LIST_SEPARATOR}') FROM (%(subquery)s) j)",
        )


class StoredOrComputed(Func):
    """A list column read from the export lists PostgreSQL keeps (a join), or computed from the
    related rows by a subquery per row where they are not kept (SQLite, or `portable()`)."""

    output_field = TextField()

    def __init__(self, stored, computed):
        super().__init__(stored, computed)

    def as_postgresql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[1])


class Computed(StoredOrComputed):
    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, **extra)


def joined(queryset, value, order):
    return JoinedValues(
        queryset.order_by(order).annotate(value=value, n=F(order)).values("value", "n")
    )


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type: integer, string, date, datetime
    # Lazy: the codebook shows it in the page's language, the data package in English.
    description: str
    sql: Callable  # (base_url) -> the expression computing this column's cells
    enum: tuple = ()  # the only values the column may hold, when it is a code
    computed: bool = False  # made by the site (a URL), never text an editor typed

    @property
    def text(self):
        """Free text an editor controls: made spreadsheet-safe in CSV files."""
        return self.type == "string" and not self.enum and not self.computed

    def expression(self, *, base_url, strength):
        expression = self.sql(base_url)
        if self.text and strength != NONE:
            return SpreadsheetSafe(expression, strength=strength)
        return expression


@dataclass(frozen=True)
class Table:
    """One tidy table of the data package: which rows, which columns, in which order."""

    name: str
    title: str  # lazy, as a column's description
    columns: list[Column]
    ordering: tuple
    primary_key: str

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def rows(self, queryset, *, base_url, strength):
        """The table's cells for `queryset`, as a values_list queryset computed in the database."""
        expressions = {
            f"x_{column.name}": column.expression(base_url=base_url, strength=strength)
            for column in self.columns
        }
        ordering = explicit_ordering(queryset) or self.ordering
        return queryset.order_by(*ordering).annotate(**expressions).values_list(*expressions)


def field(name):
    return lambda base: F(name)


def iso_date(name):
    return lambda base: IsoDate(name)


def iso_datetime(name):
    return lambda base: IsoDateTime(name)


def help_of(model, name, suffix=""):
    """The help text of a model's field (translated where it is shown), followed by `suffix`."""
    help_text = model._meta.get_field(name).help_text
    return format_lazy("{} {}", help_text, suffix) if suffix else help_text
