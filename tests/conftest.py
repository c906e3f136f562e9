import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django_tasks.signals import task_enqueued, task_finished

from clubs.page_store import page_store
from clubs.stripe_api import use_http_client
from tests.builders import make_club, make_member, make_user
from tests.stripe.fake import WEBHOOK_SECRET, FakeStripe


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Run background tasks at once, keep uploads out of the tree, hash fast."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def stripe_api():
    """Stripe as the site sees it, faked at the HTTP boundary for every test:
    nothing ever reaches the network. Online payment stays off (no keys)
    unless a test asks for `stripe_fake`."""
    fake = FakeStripe()
    use_http_client(fake)
    yield fake
    use_http_client(None)


@pytest.fixture
def stripe_fake(stripe_api, settings):
    """Online payment on, against the fake: test keys and a webhook secret."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return stripe_api


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request to /es/ leaves Spanish active in the thread; the next test
    starts in the site's own language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: allauth keeps its rate limits in the
    default one, the site's abuse limits (clubs.ratelimits) in `ratelimit`."""
    for cache in caches.all():
        cache.clear()
    page_store().clear()
    yield


@pytest.fixture
def no_rate_limits(settings):
    """The abuse limits (settings.RATE_LIMITS, ACCOUNT_RATE_LIMITS) are on in
    every test; a test that registers or signs in more often than a person
    would turns them off for itself only."""
    settings.RATELIMIT_ENABLE = False
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _fail_on_failed_tasks():
    """The immediate task backend records a task's exception and carries on;
    here a failed task fails the test that caused it."""
    failures = []

    def collect(sender, task_result, **kwargs):
        if task_result.status == "FAILED":
            failures.append(task_result)

    task_finished.connect(collect, weak=False)
    yield
    task_finished.disconnect(collect)
    assert not failures, "\n".join(
        error.traceback for result in failures for error in result.errors
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (emails) for the block it wraps."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def ana():
    return make_user(email="ana@example.com", first_name="Ana", last_name="Lima")


@pytest.fixture
def northside_club():
    """Northside Breakfast, where Marcus brings visitors for rewards; a module
    takes it as its `club` by overriding `club`."""
    return make_club(name="Northside Breakfast")


@pytest.fixture
def marcus(club):
    return make_member(club, first_name="Marcus", last_name="Bell")


@pytest.fixture
def enqueued_tasks():
    """The module paths of the tasks queued while the test runs."""
    paths = []

    def collect(sender, task_result, **kwargs):
        paths.append(task_result.task.module_path)

    task_enqueued.connect(collect, weak=False)
    yield paths
    task_enqueued.disconnect(collect)
