import importlib
import os

import pytest
from django.apps import apps
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory
from tests.ledger_night import night  # noqa: F401 - a fixture of the statements' tests

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


@pytest.fixture
def seeded(transactional_db):
    """The seed vocabularies and editorial groups, which a transactional test's flush removes,
    put back if missing.

    (serialized_rollback would do this, but Playwright's event loop gives the test a different
    database connection object than the one that holds the serialized contents.)
    """
    if not apps.get_model("incidents", "Region").objects.exists():
        importlib.import_module("incidents.migrations.0002_seed_vocabularies").seed(apps, None)
        importlib.import_module("incidents.migrations.0025_vocabulary_languages").translate(
            apps, None
        )
        importlib.import_module("incidents.migrations.0026_caspian_baltic_anti_radiation").add(
            apps, None
        )
    if not apps.get_model("auth", "Group").objects.exists():
        importlib.import_module("incidents.migrations.0003_editorial_groups").create_groups(
            apps, None
        )
        importlib.import_module(
            "incidents.migrations.0006_roles_for_history_imports_corrections"
        ).grant(apps, None)
        importlib.import_module("incidents.migrations.0021_citations_to_statements").grant(apps)


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
