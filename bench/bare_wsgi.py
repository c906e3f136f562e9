"""`gunicorn bench.bare_wsgi`: the baseline view (bench/bare.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare"

application = get_wsgi_application()
