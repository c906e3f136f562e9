"""The share panel a signed-in member sees on a landing page."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse

from content import share

register = template.Library()


@register.inclusion_tag("content/includes/share_panel.html", takes_context=True)
def share_panel(context, page):
    """The member's personal link, the page's kits filled in with it, a button
    per channel and a QR code. Only on personal (never cached) pages: a page
    built for anonymous visitors never reads the user, and shows nothing."""
    request = context.get("request")
    if not (request and context.get("personal") and request.user.is_authenticated):
        return {"show": False}
    member = request.user
    link = share.personal_link(member=member, page=page)
    kits = [
        share.kit_fill(kit, link=link, member=member, page=page)
        for kit in share.page_kits(page)
    ] or [share.kit_fill(None, link=link, member=member, page=page)]
    return {
        "show": True,
        "page": page,
        "link": link,
        "kits": [{"kit": kit, "channels": _channels(page, kit)} for kit in kits],
        "copy_url": reverse("share_copied", kwargs={"page_id": page.pk}),
        "qr_url": reverse("share_qr_svg", kwargs={"page_id": page.pk}),
        "qr_download_url": _share_url(page, share.Channel.QR),
        "csrf_token": get_token(request),
    }


def _channels(page, kit: share.FilledKit) -> list[dict]:
    return [
        {
            "label": share.Channel(channel).label,
            "url": _share_url(page, channel, kit.kit_id),
            "new_tab": channel != share.Channel.EMAIL,
        }
        for channel in share.CHANNELS
    ]


def _share_url(page, channel: str, kit_id: int | None = None) -> str:
    url = reverse("share_channel", kwargs={"page_id": page.pk, "channel": channel})
    return f"{url}?kit={kit_id}" if kit_id else url
