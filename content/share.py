"""What a member sends when they share a page: their personal link, the page's
share kits filled in with it, and each channel's share address.

Pure functions over a member, a page and its kits: the views and the share
panel (content/templatetags/content_share.py) decide who sees what.
"""

from dataclasses import dataclass
from io import BytesIO
from urllib.parse import quote, urlencode

import segno
from django.urls import reverse
from django.utils.translation import gettext as _

from clubs.links import absolute
from clubs.models import User
from content.models import LandingPage, LinkShare, ShareKit

Channel = LinkShare.Channel

# Channels a share button opens, in the order the panel shows them. Copying is
# counted by a beacon, and the QR code by its printable download.
CHANNELS = (
    Channel.EMAIL,
    Channel.LINKEDIN,
    Channel.X,
    Channel.FACEBOOK,
    Channel.WHATSAPP,
)
REDIRECT_CHANNELS = (*CHANNELS, Channel.QR)


@dataclass(frozen=True)
class FilledKit:
    """A share kit with the member's link, name and the page's title put in."""

    kit_id: int | None
    name: str
    email_subject: str
    email_body: str
    post_text: str
    hashtags: tuple[str, ...]

    @property
    def share_text(self) -> str:
        """The post as it goes out: its text, then any hashtags it lacks."""
        missing = [tag for tag in self.hashtags if tag not in self.post_text]
        return " ".join([self.post_text, *missing]) if missing else self.post_text


def personal_link(*, member: User, page) -> str:
    """The member's link to a page: `/r/<code>/<page>/`, absolute."""
    return absolute(
        reverse("share_link", kwargs={"code": member.referral_code, "page_id": page.pk})
    )


def page_kits(page) -> list[ShareKit]:
    """The page's share kits, each in the page's language where it has one."""
    if not isinstance(page, LandingPage):
        return []
    kits = [item.kit for item in page.share_kits.select_related("kit")]
    keys = [kit.translation_key for kit in kits if kit.locale_id != page.locale_id]
    translated = {
        kit.translation_key: kit
        for kit in ShareKit.objects.filter(
            translation_key__in=keys, locale_id=page.locale_id
        )
    }
    return [translated.get(kit.translation_key, kit) for kit in kits]


def kit_fill(kit: ShareKit | None, *, link: str, member: User, page) -> FilledKit:
    """Put the link, the member's name and the page title into a kit; without a
    kit, the page's title and the link make a plain message."""
    if kit is None:
        return _plain(link=link, member=member, page=page)
    values = {"{link}": link, "{name}": str(member), "{title}": page.title}
    post = _fill(kit.post_text, values)
    if "{link}" not in kit.post_text:
        post = f"{post.rstrip()} {link}"
    return FilledKit(
        kit_id=kit.pk,
        name=kit.name,
        email_subject=_fill(kit.email_subject, values),
        email_body=_fill(kit.email_body, values),
        post_text=post,
        hashtags=hashtags(kit.hashtags),
    )


def hashtags(text: str) -> tuple[str, ...]:
    """ "networking, #referrals" → ("#networking", "#referrals")."""
    words = text.replace(",", " ").split()
    return tuple(f"#{word.lstrip('#')}" for word in words if word.lstrip("#"))


def channel_url(channel: str, *, link: str, kit: FilledKit) -> str:
    """The address that opens `channel` ready to send the kit."""
    if channel == Channel.EMAIL:
        return mailto(subject=kit.email_subject, body=kit.email_body)
    if channel == Channel.LINKEDIN:  # LinkedIn reads the text from the page
        return _url("https://www.linkedin.com/sharing/share-offsite/", url=link)
    if channel == Channel.X:
        return _url("https://x.com/intent/tweet", text=kit.share_text)
    if channel == Channel.FACEBOOK:
        return _url("https://www.facebook.com/sharer/sharer.php", u=link)
    if channel == Channel.WHATSAPP:
        return _url("https://wa.me/", text=kit.share_text)
    raise ValueError(f"No share address for {channel!r}.")


def mailto(*, subject: str, body: str) -> str:
    """A mailto: address with no recipient (RFC 6068: %20 for spaces, CRLF)."""
    body = "\r\n".join(body.splitlines())
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)


def qr_code(link: str):
    return segno.make(link, error="m")


def qr_svg(link: str) -> bytes:
    """A standalone SVG file (the panel shows it as an image)."""
    buffer = BytesIO()
    qr_code(link).save(buffer, kind="svg", scale=6, title=_("QR code for your link"))
    return buffer.getvalue()


def qr_png(link: str) -> bytes:
    """Large enough to print on a flyer or a table card."""
    buffer = BytesIO()
    qr_code(link).save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


def _plain(*, link: str, member: User, page) -> FilledKit:
    return FilledKit(
        kit_id=None,
        name=page.title,
        email_subject=page.title,
        email_body=f"{page.title}\r\n\r\n{link}\r\n\r\n{member}",
        post_text=f"{page.title} {link}",
        hashtags=(),
    )


def _fill(text: str, values: dict[str, str]) -> str:
    # Plain replacement: editors' text may hold other braces.
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def _url(base: str, **params: str) -> str:
    return f"{base}?{urlencode(params, quote_via=quote)}"
