"""What a public view reads from the query string, and the one rule for reading it.

The rule, the same for the pages, the files and the API:

- a parameter that takes one value (a date, the search text, the sort, a cursor, a page size)
  reads its *last* value: `?sort=date&sort=-date` sorts newest first. It is what Django's
  QueryDict, django-filter's widgets and Django REST framework read, and what a reader means
  who appends `&sort=date` to an address that already has a sort (the API, whose schema gives
  such a parameter one value, refuses a repeat instead: dashboard/api.py);
- a parameter that takes several values (regions, threat types, ...) reads them as a set:
  their order and repeats mean nothing;
- a blank value is the parameter not given, as an HTML form sends an empty field.

`Reads.canonical()` writes a query in that one form, keeping only the parameters a view
reads. The page cache hands the view that form and keys the page by it, so two requests
share a cached page exactly when the view would read the same from both.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict


@dataclass(frozen=True)
class Reads:
    """The query parameters a view reads: those taking one value and those taking several."""

    single: frozenset = frozenset()
    multiple: frozenset = frozenset()

    def __or__(self, other):
        return Reads(self.single | other.single, self.multiple | other.multiple)

    def canonical(self, query):
        """`query` (a QueryDict) as the view reads it, in one form: the parameters it reads in
        name order, each single one's last value, each multiple one's values sorted, blanks
        left out. Two queries the view reads alike give the same canonical query."""
        pairs = []
        for name in sorted(self.single | self.multiple):
            values = query.getlist(name)
            if name in self.multiple:
                values = sorted({value for value in values if value != ""})
            else:
                values = values[-1:] if values and values[-1] != "" else []
            pairs += [(name, value) for value in values]
        return QueryDict(urlencode(pairs))  # immutable, as a request's own
