"""Every private part of a library this project relies on, each behind one small function.

Django, psycopg and django-simple-history offer no public way to do these; an upgrade that
changes one of them breaks here, where tests/incidents/test_internals.py looks: each function
has a test that fails if the internal it uses changes, and the same file fails if any other
module reaches into a library's private names.
"""


def iterate_with(queryset, iterable_class):
    """`queryset`, its rows made by `iterable_class` (a ModelIterable subclass): the hook
    values() and values_list() use themselves, which Django does not expose."""
    clone = queryset.all()
    clone._iterable_class = iterable_class
    return clone


def explicit_ordering(queryset):
    """The order_by() given to `queryset`: () if none (its model's Meta.ordering is not one)."""
    return tuple(queryset.query.order_by)


def sql_of(queryset):
    """The SQL and parameters `queryset` runs, to run them with a cursor of one's own."""
    return queryset.query.sql_with_params()


def copy_to_stdout(cursor, sql, params):
    """psycopg's COPY (`sql`) TO STDOUT in CSV, on the driver's cursor under Django's wrapper:
    a context manager whose iteration yields the CSV in chunks."""
    return cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)


def historical_m2m_model(model, name):
    """The model django-simple-history keeps a revision's many-to-many field `name` in (rows
    the services write in bulk for an import): the one its historical model's `name` lists."""
    return getattr(model.history.model, name).model


def mark_logged(response):
    """Tell django.request's logger that `response` was logged already (it skips such a one)."""
    response._has_been_logged = True
    return response


def csrf_token_used(request):
    """Whether get_token() ran for `request` (Django's flag, set until its middleware has sent
    the token's cookie)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class ValidatesOnlyWhatItShould:
    """A ModelForm mixin: `excluded_from_model_validation()` names more fields the model's own
    validation skips (Django's hook for it is private)."""

    def excluded_from_model_validation(self):
        return set()

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | self.excluded_from_model_validation()
