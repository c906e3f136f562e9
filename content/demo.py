"""Demo pages for `manage.py seed_demo`. Safe to run repeatedly."""

from wagtail.models import Site

from content.models import HomePage

HOME_BODY = [
    ("heading", "How a club works"),
    (
        "paragraph",
        "<p>Each club meets once a month, at the same time and place. Members "
        "introduce their businesses in a minute each, a guest expert teaches "
        "something useful, and everyone leaves with at least one name to call.</p>"
        "<p>Between meetings, members pass each other referrals and log them here, "
        "so everyone can see the business they bring in.</p>",
    ),
    (
        "call_to_action",
        {
            "heading": "Come as a guest",
            "text": "Your first breakfast is on us. Bring business cards.",
            "button_label": "Create your account",
            "button_url": "/accounts/signup/",
        },
    ),
]


def seed() -> HomePage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not home.body:
        home.hero_button_label = "Join a club"
        home.hero_button_url = "/accounts/signup/"
        home.body = HOME_BODY
        home.save_revision().publish()
    return home
