"""WSGI entry point: `gunicorn clubsite.wsgi`.

Django's application, behind the page cache's hits (clubs.caching.PageCacheApp).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubsite.settings")

django_application = get_wsgi_application()

from clubs.caching import PageCacheApp  # noqa: E402  (needs the settings)

application = PageCacheApp(django_application)
