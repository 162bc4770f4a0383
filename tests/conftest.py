import os

import pytest
from django.apps import apps
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from tests.ledger_night import night, two_regions  # noqa: F401 - fixtures of the statements' tests

# Mutation runs (tools/mutation.py): a failing example is all they need; shrinking it would
# cost minutes per mutant.
hypothesis_settings.register_profile(
    "mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


def pytest_collection_modifyitems(config, items):
    """In a mutation run, the module's test files in the order tools/mutation.py lists them
    (MUTATION_TEST_ORDER, cheapest first): mutmut hands pytest a mutant's tests in no
    particular order and stops at the first failure, so a mutant a quick test kills then dies
    in seconds instead of after the slow ones."""
    order = os.environ.get("MUTATION_TEST_ORDER")
    if order:
        rank = {path: n for n, path in enumerate(order.split(","))}
        items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", group="Editors")


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", group="Chief editors")


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def chief_client(client, chief):
    client.force_login(chief, backend=MODEL_BACKEND)
    return client


# The migrated database's contents (seed vocabularies, editorial groups, permissions), read once
# per test process. A transactional test ends with a flush that empties every table; the
# contents are put back after it, so the tests that follow (in any order: pytest-xdist hands a
# process files in its own order) find the record exactly as the migrations left it.
_migrated = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        _migrated["contents"] = connection.creation.serialize_db_to_string()
    _migrated["blocker"] = django_db_blocker
    return django_db_setup


def _restore_migrated_contents():
    """Empty the tables and load the migrated contents, when a flush has emptied them."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if "contents" not in _migrated or apps.get_model("incidents", "Region").objects.exists():
        return
    # The flush's post_migrate made content types and permissions of its own: out first.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(_migrated["contents"])
    # Rows came back with their ids; the next row a test makes takes the id after them.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the session's teardown has dropped the test database: nothing to do.
    if "contents" in _migrated and nextitem is not None:
        with _migrated["blocker"].unblock():
            _restore_migrated_contents()
    return result


@pytest.fixture
def seeded(transactional_db):
    """The migrated contents, for a transactional test that follows another's flush."""
    _restore_migrated_contents()


def table_ids(client, query=None):
    """Ids of every row the public table shows for `query`, following its page links."""
    from django.urls import reverse

    ids, params = [], dict(query or {})
    while True:
        response = client.get(reverse("dashboard:incident-list"), params)
        assert response.status_code == 200
        page = response.context["page"]
        ids += [incident.pk for incident in page.items]
        if not page.next_cursor:
            return ids, response.context["count"]
        params["cursor"] = page.next_cursor


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache."""
    from django.core.cache import cache

    from dashboard import freshness

    cache.clear()
    freshness.reset()


@pytest.fixture(autouse=True)
def snapshot_dir(settings, tmp_path):
    """Each test has an empty snapshot directory of its own, and no request starts a rebuild
    (a test that wants one turns SNAPSHOT_AUTOBUILD on)."""
    from dashboard import snapshots

    settings.SNAPSHOT_DIR = str(tmp_path / "snapshots")
    settings.SNAPSHOT_AUTOBUILD = False
    snapshots.forget()
    return tmp_path / "snapshots"
