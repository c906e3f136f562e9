import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Run background tasks at once, keep uploads out of the tree, hash fast."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (allauth keeps its rate limits there)."""
    for cache in caches.all():
        cache.clear()
    yield
