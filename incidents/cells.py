"""How a value becomes a cell of an exported file, and back: dates, lists, spreadsheet safety.

A spreadsheet runs a cell that starts like a formula (OWASP "CSV injection"). Exports put an
apostrophe before such text, which spreadsheets hide and take as "this is text"; the importer
takes it off again, so an export imports back unchanged. Two strengths:

- STRICT (the Excel variant): every text cell that starts with = + - @, a tab or a carriage
  return, except a plain negative number such as -12 or -3.5;
- PLAIN (the plain CSV, for data tools that never run formulas): only cells a spreadsheet would
  run as a formula: those starting with = @, a tab or a carriage return, and those starting with
  + or - that go on to hold a formula character ( ) | ! = + - * / ^ & < > %. "-40 UAVs over
  Kaluga" stays as it is; "-2+3+cmd|' /C calc'!A0" and "+HYPERLINK(...)" get the apostrophe.

In both, a cell that itself starts with an apostrophe the importer would take off gets one more,
so no value changes on the way out and back. The rule is written once in Python; SQLite runs
that very function, and PostgreSQL the regular expressions below, which a test holds equal to it.
"""

import re

from django.db.models import Func, TextField

LIST_SEPARATOR = ";"
NONE, PLAIN, STRICT = "none", "plain", "strict"

_TRIGGERS = "=+-@\t\r"  # a cell starting with one of these may be read as a formula
_UNQUOTED = re.compile(r"'[=+\-@\t\r']", re.S)  # what the importer takes the quote off
_STRICT = re.compile(r"[=+\-@\t\r]", re.S)
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+([.][0-9]+)?")
_PLAIN = re.compile(r"[=@\t\r]|[+-].*[-()|!=+*/^&<>%]", re.S)


def needs_quote(value: str, strength: str) -> bool:
    if not value or strength == NONE:
        return False
    if _UNQUOTED.match(value):
        return True
    if strength == STRICT:
        return bool(_STRICT.match(value)) and not _NEGATIVE_NUMBER.fullmatch(value)
    return bool(_PLAIN.match(value))


def to_cell(value, strength: str):
    """A text value as the exported cell (with the apostrophe where it needs one)."""
    if isinstance(value, str) and needs_quote(value, strength):
        return "'" + value
    return value


def from_cell(value: str) -> str:
    """An imported cell's text: the export's apostrophe taken off, spaces around trimmed."""
    if _UNQUOTED.match(value):
        return value[1:]
    return value.strip() if value[:1] not in _TRIGGERS else value


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


# The same rules for PostgreSQL, on {x}: cheap tests of the first characters, and a regular
# expression only for the rare cell that starts with + or - (E'' strings: tab and CR).
_TRIGGER_LIST = "'=', '+', '-', '@', E'\\t', E'\\r'"
_PG = {
    STRICT: (
        f"left({{x}}, 1) IN ({_TRIGGER_LIST}) "
        "AND NOT (left({x}, 1) = '-' AND {x} ~ '^-[0-9]+([.][0-9]+)?$')"
    ),
    PLAIN: (
        "left({x}, 1) IN ('=', '@', E'\\t', E'\\r') "
        "OR (left({x}, 1) IN ('+', '-') AND {x} ~ '^.+[-()|!=+*/^&<>%%]')"
    ),
}
_PG_UNQUOTED = f"(left({{x}}, 1) = '''' AND substr({{x}}, 2, 1) IN ({_TRIGGER_LIST}, ''''))"
# Every rule above needs one of these first characters (' = + - @ tab CR, as code points):
# ascii() reads it without making a new text value, so the common cell costs one test.
_PG_FIRST = "ascii({x}) IN (39, 61, 43, 45, 64, 9, 13)"


class SpreadsheetSafe(Func):
    """A text cell with a leading apostrophe when a spreadsheet would read it as a formula.

    The wrapped expression should be cheap (a column): PostgreSQL's CASE names it several times.
    """

    output_field = TextField()
    arity = 1

    def __init__(self, expression, *, strength):
        super().__init__(expression)
        self.strength = strength

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        condition = f"{_PG_FIRST} AND ({_PG_UNQUOTED} OR ({_PG[self.strength]}))"
        case = "CASE WHEN " + condition + " THEN '''' || {x} ELSE {x} END"
        return case.replace("{x}", f"({sql})"), tuple(params) * case.count("{x}")

    def as_sqlite(self, compiler, connection, **extra):
        # incidents/sqlite.py installs to_cell() as this SQL function.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"spreadsheet_safe({sql}, '{self.strength}')", params


# Dates and timestamps as PostgreSQL's own ISO text (the DateStyle every connection sets,
# config/settings.py), cut to the second: the cells TO_CHAR made, at a fraction of its cost
# (TO_CHAR was the largest single part of a filtered export: bench/export_parts.py).


class IsoDate(Func):
    """A date as YYYY-MM-DD text."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text")

    def as_sqlite(self, compiler, connection, **extra):
        # DATE() returns text; the bare column would come back as a date object.
        return self.as_sql(compiler, connection, template="DATE(%(expressions)s)")


class IsoDateTime(Func):
    """A timestamp as ISO 8601 text in UTC: 2026-03-01T04:30:00Z."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        # Django keeps PostgreSQL sessions in UTC (USE_TZ): no AT TIME ZONE per cell. The ISO
        # text is "2026-03-01 04:30:00.5+00": its first 19 characters, a T for the space, a Z.
        return self.as_sql(
            compiler,
            connection,
            template="replace(left((%(expressions)s)::text, 19), ' ', 'T') || 'Z'",
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="STRFTIME('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%SZ', %(expressions)s)",
        )
