"""Small helpers that build the Wagtail pages a content test needs."""

from datetime import date
from itertools import count

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Site
from wagtail.rich_text import RichText

from clubs.models import RewardProgram
from content.models import ArticleIndexPage, ArticlePage, LandingPage
from tests.builders import ensure_home_page

_sequence = count(1)


def home_page():
    """The default site's home page (tests.builders.ensure_home_page looks
    for the only HomePage, and a Spanish one makes two)."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page.specific if site else ensure_home_page()


def make_image(title: str = "A breakfast table", size=(1600, 900)):
    n = next(_sequence)
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(f"image-{n}.png", size=size)
    )


def make_reward_program(**fields) -> RewardProgram:
    fields.setdefault("name", "Bring a friend")
    fields.setdefault("referrer_reward", "A free breakfast at the next meeting")
    fields.setdefault("friend_reward", "Your first breakfast on the house")
    fields.setdefault("terms", "One reward per friend. Friends must be new to us.")
    return RewardProgram.objects.create(**fields)


def hero_block(headline="Meet local business owners", image=None, **fields):
    if image is not None:  # an ImageBlock's value: the image, with its alt text
        image.contextual_alt_text = "Members"
        image.decorative = False
    value = {
        "headline": headline,
        "text": "Breakfast, one minute each, and a name to call.",
        "image": image,
        "button_label": "",
        "button_url": "",
    }
    return ("hero", value | fields)


def steps_block(*titles):
    titles = titles or ("Open the link", "Pick a breakfast", "Come along")
    return (
        "steps",
        {
            "heading": "How it works",
            "steps": [{"title": title, "text": f"{title}, then."} for title in titles],
        },
    )


def quotes_block(number=1):
    return (
        "testimonials",
        {
            "heading": "What members say",
            "testimonials": [
                {"quote": f"Quote {n}: I found my accountant here.", "name": f"Ana {n}"}
                | {"business": "Ana's Bakery"}
                for n in range(1, number + 1)
            ],
        },
    )


def faq_block(*questions):
    questions = questions or ("Do I have to pay?",)
    return (
        "faq",
        {
            "heading": "Questions",
            "questions": [
                {"question": question, "answer": "<p>No, the first one is free.</p>"}
                for question in questions
            ],
        },
    )


def reward_terms_block():
    return ("reward_terms", {"heading": "What you both get"})


def upcoming_block(
    *, club=None, series=None, count=3, heading="Come to the next meeting"
):
    return (
        "upcoming_meetings",
        {
            "heading": heading,
            "club": club,
            "series": series,
            "count": count,
        },
    )


def make_landing_page(*, body=None, parent=None, **fields) -> LandingPage:
    parent = parent or home_page()
    n = next(_sequence)
    fields.setdefault("title", "Bring a friend to breakfast")
    fields.setdefault("slug", f"bring-a-friend-{n}")
    page = parent.add_child(
        instance=LandingPage(
            body=body if body is not None else [hero_block()], **fields
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_bring_a_friend_page(**fields) -> LandingPage:
    """A landing page at /bring-a-friend/ with one paragraph and no revision,
    for the tests of share links and the share panel."""
    fields.setdefault("title", "Bring a friend to breakfast")
    fields.setdefault("slug", "bring-a-friend")
    fields.setdefault("body", [("rich_text", RichText("<p>Come as a guest.</p>"))])
    return ensure_home_page().add_child(instance=LandingPage(**fields))


def make_article_index(**fields) -> ArticleIndexPage:
    n = next(_sequence)
    fields.setdefault("title", "Guides")
    fields.setdefault("slug", f"guides-{n}")
    page = home_page().add_child(instance=ArticleIndexPage(**fields))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_article(index, *, live=True, **fields) -> ArticlePage:
    n = next(_sequence)
    fields.setdefault("title", f"Why referral programs work {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("date", date(2025, 1, 1))
    fields.setdefault("body", [("paragraph", "<p>People trust people.</p>")])
    page = index.add_child(instance=ArticlePage(**fields))
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    page.refresh_from_db()
    return page


def spanish():
    return Locale.objects.get_or_create(language_code="es")[0]


def translate(page, locale=None, **fields):
    """The page copied into Spanish (with its parents), changed and published:
    what an editor does with "Translate" in the admin."""
    translation = page.copy_for_translation(locale or spanish(), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation
