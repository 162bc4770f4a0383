"""The hello-world baseline: our settings and middleware, but a view that only says hello.

Served by the same gunicorn settings as the app (`gunicorn bench.hello_wsgi`), it is the floor
of what a Django request costs here: the app's pages are compared with it.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings.ROOT_URLCONF = "bench.hello_urls"  # loads config.settings, then swaps the URLs

application = get_wsgi_application()
