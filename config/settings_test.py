"""Fast settings for the test suite: the same project, cheaper hashing and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No shared data version unless a test asks for one (tests/dashboard/test_shared_cache.py).
REDIS_URL = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app directories without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP to the app, as a TLS proxy would.
SECURE_SSL_REDIRECT = False
TRUSTED_PROXY_COUNT = 0
# Mutation runs (tools/mutation.py) test each mutant in a process of its own: a migrated SQLite
# file kept between them (with --reuse-db) spares each the migrations.
if os.environ.get("TEST_SQLITE_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_SQLITE_FILE"]}  # noqa: F405
