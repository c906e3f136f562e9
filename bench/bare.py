"""The baseline: a bare WSGI Django view, with no middleware and no apps.

Settings and URLs in one module, served by the same gunicorn configuration as
the site (`gunicorn bench.bare_wsgi`), so the ratio to it is the cost of
everything the site adds to a request.
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-bare-view-only-never-deployed-" + "x" * 20
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = __name__
DATABASES: dict = {}
USE_TZ = True


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("", bare)]
