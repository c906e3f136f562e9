"""The site's settings plus one bare view to measure everything else against."""

from clubsite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
