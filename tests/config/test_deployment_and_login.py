"""Hardening: deployment checks, CSP, login lockout, client address, error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.urls import path, reverse

from config.security import client_ip
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check_with_no_findings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-production-like-secret-key-3f9c1d7e2b8a4c6f0e5d9b1a7c3e8f2d",
        "ALLOWED_HOSTS": "incidents.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' event loop only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/incidents/", "/en/about/data/", "/admin/login/"])
def test_every_page_sends_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


# Login throttling ------------------------------------------------------------------------------

LOGIN = "/admin/login/"


def attempt(client, username, password, address):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_locks_out_after_repeated_failures_then_cools_off(client):
    UserFactory(username="olga", password="the-right-password-42")
    for _ in range(2):
        assert attempt(client, "olga", "wrong", "203.0.113.7").status_code == 200
    locked = attempt(client, "olga", "wrong", "203.0.113.7")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused while locked out...
    assert attempt(client, "olga", "the-right-password-42", "203.0.113.7").status_code == 429
    # ...but an attacker elsewhere does not lock olga out of her own address.
    assert attempt(client, "olga", "the-right-password-42", "198.51.100.2").status_code == 302

    # After the cool-off, she can sign in again from the first address.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2000)
    )
    client.logout()
    assert attempt(client, "olga", "the-right-password-42", "203.0.113.7").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "1.2.3.4", "10.0.0.1", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "10.0.0.1", "1.2.3.4"),  # a forged entry further left is ignored
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "10.0.0.1", "1.2.3.4"),
        (1, "", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_client_address_behind_a_known_number_of_proxies(
    settings, proxies, forwarded, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(client):
    user = get_user_model().objects.create_user("reader", password="a-long-reader-password")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_path_is_configurable():
    env = {**os.environ, "DEBUG": "1", "ADMIN_URL": "desk-7f3a"}
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.stdout.strip() == "/desk-7f3a/", result.stderr


@pytest.mark.django_db
def test_sessions_expire(settings, client):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


# Error pages ------------------------------------------------------------------------------------


def broken_view(request):
    raise RuntimeError("secret internals: database password hunter2")


urlpatterns = [path("broken/", broken_view), path("", lambda r: None)]


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_friendly_404_without_debug_information(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page is not here" in page and "Traceback" not in page and "urlpatterns" not in page


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_friendly_500_leaks_nothing(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "hunter2" not in page and "Traceback" not in page and "RuntimeError" not in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_friendly_403(editor_client):
    response = editor_client.post(reverse("admin:incidents_incident_import"), {"pending": "1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not allowed to do this" in page and "Traceback" not in page


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.svg")
