"""Generated garbage against every form and query string of the site: never
a 5xx, and a refusal (4xx) writes nothing.

The endpoints come from the URL resolver, and their fields from the forms
themselves: the HTML forms the site renders, and every key a view or form
reads from `request.GET` and `request.POST` when probed, so a new URL or a
new field is fuzzed without anyone listing it. Each endpoint gets a fixed
number of derandomized examples, as a visitor and as a host, with
huge strings, control characters, NUL bytes, invalid UTF-8, wrong types,
missing and duplicated fields and dates in the year 9999. Stripe's webhook
gets garbage events, unsigned and signed.

NUL bytes and over-long values fail only on PostgreSQL, so CI runs this
module with DATABASE_URL set too."""

import json
import re
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clubs.models import Payment, Reward
from clubs.services.referrals import referral_move, referral_thank
from clubs.tokens import registration_check_in_token, registration_manage_token
from masterminds.models import Commitment
from tests.builders import (
    feed_token,
    make_club,
    make_host,
    make_member,
    make_occurrence,
    make_registration,
)
from tests.clubs.referral_builders import give
from tests.content.funnel_builders import attend, bring, make_landing_page, make_program
from tests.masterminds.builders import make_group, seat, sessions
from tests.stripe.fake import WEBHOOK_SECRET, signed

pytestmark = pytest.mark.django_db

EXAMPLES = 4  # random ones per endpoint and identity, besides the SWEEP
# Not ours to fuzz: Wagtail's admin and document views, static media (DEBUG
# only) and Wagtail's page-password form (no restricted pages here).
SKIPPED = ("admin/", "documents/", "^media/", "_util/")
OUR_APPS = ("clubs.", "content.", "masterminds.", "clubsite.")
# Where the world holds no object a URL could name: fuzzed all the same.
NO_ID_NEEDED = ("account_", "wagtail")


# --- The garbage ----------------------------------------------------------------

LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "e" * 55])
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "Gus\x07 Guest",
    "\u202eevil",
    "\ufffe\uffff",
    "x" * 100_000,
    "é" * 5000,
    "²",
    "٣",
    "-1",
    "0",
    "99999999999999999999999",
    "1e999",
    "NaN",
    "1.5",
    "true",
    "[]",
    "{}",
    "null",
    "9999-12-31",
    "9999-12-30",
    "0001-01-01",
    "0000-00-00",
    "2026-02-30",
    "9999-12-31T23:59:59",
    "25:61",
    LONG_EMAIL,
    "a@b",
    '=HYPERLINK("http://evil.example","x")',
    "not-a-url",
    "//evil.example/",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "custom",
]
# Tried in every field at once on every endpoint, besides the random examples:
# each of these once answered 500 somewhere (issue #15).
SWEEP = [
    "\x00",
    "²",
    "x" * 100_000,
    LONG_EMAIL,
    "9999-12-30",
    "Gus\x1b Guest",
    "-1",
    "99999999999999999999999",
    "not-a-url",
    b"\xff\xfe",
]
INVALID_UTF8 = [b"\xff\xfe", b"caf\xe9", b"\xc3", b"\xed\xa0\x80", b"ok\x80"]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),  # every code point, controls included
    st.binary(max_size=12),  # mostly invalid UTF-8
    st.sampled_from(INVALID_UTF8),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@st.composite
def submissions(draw, fields: dict[str, list[str]]):
    """Field name → values: each field missing, once or duplicated, with
    garbage or one of the values the form itself offers; now and then a
    field nobody asked for."""
    pairs = []
    for name, offered in sorted(fields.items()):
        choices = values if not offered else st.one_of(st.sampled_from(offered), values)
        for value in draw(st.lists(choices, max_size=2)):
            pairs.append((name, value))
    if draw(st.booleans()):
        pairs.append((draw(st.sampled_from(["id", "pk", "x"])), draw(values)))
    return pairs


def encoded(pairs) -> str:
    def one(value):
        if isinstance(value, bytes):
            return quote_from_bytes(value, safe="")
        return quote(value, safe="")

    return "&".join(f"{one(name)}={one(value)}" for name, value in pairs)


# --- The world the URLs name ----------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end;
    each test runs in a savepoint inside it, so what one test's garbage
    changed, the next test never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _online_payment_on(stripe_fake):
    """Payment forms and the webhook are there to be fuzzed."""


def _world() -> dict:
    """A club and a mastermind hosted by Hana, with a meeting, places, a won
    and thanked referral, a payment, rewards, a commitment and a landing
    page: one of everything a URL can name."""
    club = make_club(slug="fuzz-club", name="Fuzz Club")
    host = make_host(club, first_name="Hana", last_name="Host")
    member = make_member(club, first_name="Mel", last_name="Member")
    occurrence = make_occurrence(club, member_price=1500, currency="EUR")
    guest = make_registration(occurrence)
    own = make_registration(occurrence, person=host)
    payment, _ = (
        Payment.objects.create(
            registration=registration,
            amount=1500,
            currency="EUR",
            method=Payment.Method.STRIPE,
            status="paid",
            paid_at=timezone.now(),
            stripe_checkout_session_id=f"cs_test_fuzz_{registration.pk}",
            stripe_payment_intent_id=f"pi_test_fuzz_{registration.pk}",
        )
        for registration in (own, guest)
    )
    given_slip = give(host, club, member)
    thanked = give(member, club, host)
    referral_move(
        referral=thanked, status="won", by=host, value=Decimal(9), currency="EUR"
    )
    referral_thank(referral=thanked, by=host, note="Thanks")
    page = make_landing_page(reward_program=make_program(name="Fuzz rewards"))
    attend(bring(host, page, make_occurrence(club), name="Dana", email="d@x.net"))
    group = make_group(facilitator=host, training=True, one_member_per_category=False)
    seat(group, member)
    session = sessions(group)[0]
    commitment = Commitment.objects.create(
        occurrence=session, member=member, text="Ship it"
    )
    ids = {
        "meetings": [occurrence.pk],
        "payments": [payment.pk],
        "referrals": [given_slip.pk, thanked.pk],
        "rewards": list(Reward.objects.values_list("pk", flat=True)),
        "sessions": [session.pk],
        "commitments": [commitment.pk],
        "r": [page.pk],
        "share": [page.pk],
    }
    return {
        "host": host,
        "slugs": {"masterminds": group.club.slug, "clubs": club.slug},
        "ids": ids,
        "tokens": [
            registration_manage_token(guest),
            registration_check_in_token(guest),
            feed_token(host),
            host.referral_code,
        ],
        "page_path": urlsplit(page.url).path.lstrip("/"),
        "channels": ["email", "x", "whatsapp", "qr"],
    }


# --- Endpoints from the resolver ------------------------------------------------


def _patterns(patterns=None, prefix="", skipped=SKIPPED):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, route, skipped)
        elif not route.startswith(skipped):
            yield route, entry


ENDPOINTS = sorted(dict(_patterns()).items())


def _ours(entry: URLPattern) -> bool:
    return entry.lookup_str.startswith(OUR_APPS)


def _urls(route: str, entry: URLPattern, world) -> list[str]:
    """Paths for `route`, each filled in with objects of the world: an id by
    the word before it (meetings/<pk> is a meeting), a slug by the app."""
    if entry.name == "wagtail_serve":
        return ["/", "/" + world["page_path"]]
    if entry.name == "stripe_webhook":
        return ["/" + route]
    paths = [""]
    words = re.split(r"(<[^>]+>)", route)
    for index, word in enumerate(words):
        match = re.fullmatch(r"<(?:(\w+):)?(\w+)>", word)
        if not match:
            paths = [path + word for path in paths]
            continue
        converter, name = match.groups()
        literal = re.split(r"[/.]", "".join(words[:index]))
        before = [w for w in literal if w and not w.startswith("<")]
        options = _options(converter, name, before, world)
        paths = [path + str(option) for path in paths for option in options]
    return ["/" + path for path in paths[:12]]


def _options(converter, name, before, world) -> list:
    if converter == "int":
        noun = before[-1] if before else ""
        everything = [pk for pks in world["ids"].values() for pk in pks]
        return world["ids"].get(noun) or everything
    if converter == "slug" and name == "channel":
        return world["channels"]
    if converter == "slug":
        return [world["slugs"].get(before[0] if before else "", "fuzz-club")]
    return world["tokens"] or ["x"]


# --- Recording what a view reads ------------------------------------------------


@contextmanager
def reads():
    """Every key read from any QueryDict (request.GET, request.POST) meanwhile."""
    seen = set()
    originals = {
        name: getattr(MultiValueDict, name)
        for name in ("get", "getlist", "__getitem__", "__contains__")
    }

    def spy(name):
        def read(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return originals[name](self, key, *args, **kwargs)

        return read

    for name in originals:
        setattr(MultiValueDict, name, spy(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


class FormFinder(HTMLParser):
    """The forms of a page: their action, method and fields with the values
    the page offers (hidden values, options, checkbox values)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea"):
            self._select = attrs.get("name")
            if attrs.get("name"):
                offered = self._form["fields"].setdefault(attrs["name"], [])
                if attrs.get("value"):
                    offered.append(attrs["value"])
        elif self._form is not None and tag == "option" and attrs.get("value"):
            name = getattr(self, "_select", None)
            if name:
                self._form["fields"].setdefault(name, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _forms_on(response) -> list[dict]:
    if "html" not in response.get("Content-Type", ""):
        return []
    finder = FormFinder()
    finder.feed(response.content.decode(errors="replace"))
    return finder.forms


def _route_of(path: str):
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


IGNORED_FIELDS = {"csrfmiddlewaretoken"}


def discover(client, url: str) -> tuple[dict, dict]:
    """The query and body fields `url` reads: from a probe GET and POST, and
    from the forms on the page that point back at it."""
    get_fields, post_fields = {}, {}
    with reads() as seen:
        response = client.get(url)
    for name in seen:
        get_fields.setdefault(name, [])
    with reads() as seen:
        client.post(url, {})
    for name in seen:
        post_fields.setdefault(name, [])
    route = _route_of(url)
    for form in _forms_on(response):
        action = form["action"] or url
        if action.startswith("http") or _route_of(action) != route:
            continue
        target = post_fields if form["method"] == "post" else get_fields
        for name, offered in form["fields"].items():
            target.setdefault(name, []).extend(offered)
    for fields in (get_fields, post_fields):
        for name in IGNORED_FIELDS & set(fields):
            del fields[name]
    return get_fields, post_fields


# --- The checks -----------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    """Rows per table of the site's own apps, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.app_label in ("clubs", "content", "masterminds")
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _written_since(before: dict) -> dict[str, tuple[int, int]]:
    """The tables whose row counts moved since `before`: (then, now)."""
    return {
        label: (count, after)
        for label, after in _row_counts().items()
        if (count := before.get(label)) != after
    }


def _fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def _check(response, before: dict, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {what}"
    if 400 <= response.status_code < 500:
        changed = _written_since(before)
        assert not changed, f"{response.status_code} on {what} yet wrote {changed}"


def _fuzz(client, url: str, get_fields, post_fields, *, examples: int) -> None:
    """`examples` random submissions, and unless it is one, the sweep."""

    @_fuzz_settings(examples)
    @given(query=submissions(get_fields), body=submissions(post_fields))
    def one(query, body):
        target = f"{url}?{encoded(query)}"
        before = _row_counts()
        _check(client.get(target), before, f"GET {target[:300]}")
        if post_fields:
            before = _row_counts()
            response = client.post(
                target,
                encoded(body),
                content_type="application/x-www-form-urlencoded",
            )
            _check(response, before, f"POST {target[:200]} {encoded(body)[:300]}")

    if examples > 1:
        for value in SWEEP:
            one = example(
                query=[(name, value) for name in get_fields],
                body=[(name, value) for name in post_fields],
            )(one)
    one()


@pytest.mark.parametrize(
    ("route", "entry"),
    [(route, entry) for route, entry in ENDPOINTS if entry.name != "stripe_webhook"],
    ids=[route for route, entry in ENDPOINTS if entry.name != "stripe_webhook"],
)
@pytest.mark.parametrize("who", ["visitor", "host"])
def test_garbage_never_answers_5xx_nor_writes_half(
    db, client, world, route, entry, who
):
    if who == "host":
        client.force_login(world["host"])
    urls = _urls(route, entry, world)
    found = [url for url in urls if _there(client, url)]
    if who == "host" and _ours(entry) and not entry.name.startswith(NO_ID_NEEDED):
        assert found, f"The fuzz world has nothing {route} can name: add it"
    for url in found or urls[:1]:
        get_fields, post_fields = discover(client, url)
        # A visitor sent to sign in gets one try: the view never ran.
        examples = 1 if _to_sign_in(client, url) else EXAMPLES
        _fuzz(client, url, get_fields, post_fields, examples=examples)


def _there(client, url: str) -> bool:
    """The URL names something: a page, or a POST-only action that answers
    (leaving a group one has no seat in says so, and redirects)."""
    return client.get(url).status_code != 404 or client.post(url).status_code != 404


def _to_sign_in(client, url: str) -> bool:
    return all(
        response.status_code == 302 and "/accounts/login/" in response.url
        for response in (client.get(url), client.post(url))
    )


# --- Stripe's webhook -------------------------------------------------------------

EVENT_TYPES = [
    "checkout.session.completed",
    "checkout.session.expired",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "charge.refunded",
    "refund.updated",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "payment_intent.succeeded",
]
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from(NASTY[:30]),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    ),
    max_leaves=8,
)
stripe_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "object": st.sampled_from(["checkout.session", "refund", "invoice", "x"]),
        "metadata": st.dictionaries(
            st.sampled_from(["registration", "registration_id", "kind", "x"]),
            json_values,
        ),
        "client_reference_id": json_values,
        "payment_status": json_values,
        "payment_intent": json_values,
        "amount_total": json_values,
        "currency": json_values,
        "subscription": json_values,
        "customer": json_values,
        "status": json_values,
        "created": json_values,
    },
)


@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    event_type=st.one_of(st.sampled_from(EVENT_TYPES), st.text(max_size=20)),
    event_id=json_values,
    data=stripe_objects,
    signature=st.sampled_from(["signed", "unsigned", "garbage"]),
)
def test_garbage_stripe_events_never_answer_5xx(
    db, client, world, event_type, event_id, data, signature
):
    body = {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": 1,
        "data": {"object": data},
    }
    payload, header = signed(body, secret=WEBHOOK_SECRET)
    if signature == "unsigned":
        header = ""
    elif signature == "garbage":
        payload, header = json.dumps(body)[:-1], "t=1,v1=zz"
    before = _row_counts()

    response = client.post(
        "/payments/stripe/webhook/",
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    _check(response, before, f"webhook {payload[:300]}")


# --- The Wagtail admin's views of our models -----------------------------------
#
# The viewsets of clubs/viewsets, masterminds/viewsets.py and content/viewsets.py
# (and Wagtail's own users viewset, whose model is ours): their listings with
# filters and search in the query string, and their create and edit forms,
# as a superuser and as a host. An admin form that refuses its input
# re-renders it with 200, so anything but a redirect must write nothing.

ADMIN_ACTIONS = {"index", "list", "add", "edit"}
# Our own admin views with a form, beside the generic ones.
ADMIN_FORMS_OF_OURS = {"cancel", "following", "agenda", "next_session", "decide"}
ADMIN_EXAMPLES = 2
ADMIN_SWEEP = ["\x00", "²", LONG_EMAIL, "9999-12-30", b"\xff\xfe"]
OUR_LABELS = ("clubs", "content", "masterminds")


def _admin_model(entry: URLPattern):
    view = getattr(entry.callback, "view_class", None)
    model = (getattr(entry.callback, "view_initkwargs", None) or {}).get("model")
    model = model or getattr(view, "model", None)
    return model if isinstance(model, type) else None


def _admin_endpoints():
    for route, entry in _patterns(skipped=()):
        if not route.startswith("admin/") or "choose" in route:
            continue
        model = _admin_model(entry)
        view = getattr(entry.callback, "view_class", None)
        ours = view is not None and view.__module__.startswith(OUR_APPS)
        action = (entry.name or "").rsplit(":", 1)[-1]
        if model is not None and model._meta.app_label in OUR_LABELS:
            if action in ADMIN_ACTIONS or (ours and action in ADMIN_FORMS_OF_OURS):
                yield route, entry, model


ADMIN_ENDPOINTS = sorted(_admin_endpoints(), key=lambda found: found[0])


@pytest.fixture(scope="module")
def admin_world(world, django_db_blocker):
    """The world, plus a superuser and an object of each admin model it lacks
    that is cheap to make."""
    from tests.builders import make_agenda_template, make_category, make_user

    with django_db_blocker.unblock():
        make_category("Fuzz category")
        make_agenda_template(make_club(slug="fuzz-agendas"))
        root = make_user(email="root@fuzz.example", is_superuser=True, is_staff=True)
    return {**world, "superuser": root}


def _admin_url(route: str, model) -> str | None:
    """The route with its pk filled in by the model's first object; None when
    there is none."""
    if "<" not in route:
        return "/" + route
    first = model._default_manager.order_by("pk").first()
    if first is None:
        return None
    return "/" + re.sub(r"<(?:\w+:)?pk>", str(first.pk), route)


def _admin_check(response, before: dict, what: str, *, saved_ok: bool) -> None:
    assert response.status_code < 500, f"{response.status_code} on {what}"
    if saved_ok and response.status_code in (301, 302, 303):
        return
    changed = _written_since(before)
    assert not changed, f"{response.status_code} on {what} yet wrote {changed}"


def _admin_fuzz(client, url, get_fields, post_fields, *, examples: int) -> None:
    @_fuzz_settings(examples)
    @given(query=submissions(get_fields), body=submissions(post_fields))
    def one(query, body):
        target = f"{url}?{encoded(query)}"
        before = _row_counts()
        what = f"GET {target[:300]}"
        _admin_check(client.get(target), before, what, saved_ok=False)
        if post_fields:
            before = _row_counts()
            response = client.post(
                url, encoded(body), content_type="application/x-www-form-urlencoded"
            )
            what = f"POST {url} {encoded(body)[:300]}"
            _admin_check(response, before, what, saved_ok=True)

    if examples > 1:
        for value in ADMIN_SWEEP:
            one = example(
                query=[(name, value) for name in get_fields],
                body=[(name, value) for name in post_fields],
            )(one)
    one()


@pytest.mark.parametrize(
    ("route", "entry", "model"),
    ADMIN_ENDPOINTS,
    ids=[route for route, _, _ in ADMIN_ENDPOINTS],
)
@pytest.mark.parametrize("who", ["superuser", "host"])
def test_garbage_in_the_admin_never_answers_5xx_nor_writes_half(
    db, client, admin_world, route, entry, model, who
):
    client.force_login(admin_world[who])
    url = _admin_url(route, model)
    if url is None:
        pytest.skip(f"no {model._meta.label} in the fuzz world")
    get_fields, post_fields = discover(client, url)
    # Turned away (a host outside a superuser's screens): one try is enough.
    refused = client.get(url).status_code in (302, 403, 404)
    examples = 1 if refused else ADMIN_EXAMPLES
    _admin_fuzz(client, url, get_fields, post_fields, examples=examples)
