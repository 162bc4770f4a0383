"""The ASGI application, for an ASGI server (the project runs under gunicorn's WSGI)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.security import require_secret_key

require_secret_key()

application = get_asgi_application()
