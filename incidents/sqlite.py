"""SQL functions SQLite lacks, installed on each new connection.

- LIKE: SQLite folds case only for ASCII letters. Text search must find "Калужская" when a
  reader types "калужская", as it does on PostgreSQL (where Django compares UPPER() of both
  sides); a Unicode-aware LIKE makes `icontains` behave the same on both databases.
- spreadsheet_safe(text, strength): the exports' formula neutralisation, the Python rule itself
  (incidents/cells.py), so SQLite's CSV cannot differ from it.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _like_regex(pattern, escape):
    parts, chars, i = [], pattern, 0
    while i < len(chars):
        char = chars[i]
        if escape and char == escape and i + 1 < len(chars):
            parts.append(re.escape(chars[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern, escape).fullmatch(str(value)) is not None


def install_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from incidents.cells import to_cell

        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
        connection.connection.create_function("spreadsheet_safe", 2, to_cell, deterministic=True)
