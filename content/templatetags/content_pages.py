"""The language switcher every page carries, and what a signed-in member
should not be offered."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "Español"
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language: on a Wagtail page to its live translation (or
    that language's home page when there is none); elsewhere to the same view
    in the other language (/clubs/ ↔ /es/clubs/)."""
    request = context.get("request")
    seo = context.get("seo")  # set by content.models.SharingMixin.get_context
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if seo is not None:
            url = seo.url_for(code) or home_url(code)
        elif request is not None:
            url = _same_view_in(request.get_full_path(), code, current)
        else:
            url = home_url(code)
        info = get_language_info(code)
        links.append(LanguageLink(code, info["name_local"], url, code == current))
    return links


def _same_view_in(path: str, code: str, current: str) -> str:
    """The view at `path` in language `code`; views outside the language
    prefixes (personal share links, a member's own pages) have no other
    version, so that language's home page stands in."""
    url = translate_url(path, code)
    if code != current and url == path:
        return home_url(code)
    return url


@register.simple_tag
def home_url(code: str | None = None) -> str:
    """The home page in language `code` (by default the one being read):
    "/" for English, "/ru/" for Russian. Links to the home page use this, not
    a bare "/", which would drop a reader of /ru/ back into English."""
    with override(code or get_language()):
        return reverse("wagtail_serve", args=[""])


@register.filter
def is_signup_link(url: str) -> bool:
    """Whether a button editors placed leads to "Create your account": a
    signed-in member is shown the way to their own home instead."""
    parts = urlsplit(url or "")
    if parts.netloc and parts.netloc != urlsplit(settings.SITE_URL).netloc:
        return False
    try:
        return resolve(parts.path or "/").url_name == "account_signup"
    except Resolver404:
        return False
