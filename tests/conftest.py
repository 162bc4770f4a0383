import pytest

from tests.factories import UserFactory


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
