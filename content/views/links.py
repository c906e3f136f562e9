"""Personal share links, and the share buttons of the share panel.

`/r/<code>/<page>/` is what members hand out: it counts the visit, remembers
the member in the visitor's first-party cookie and lands on the clean page
URL, so the page stays cacheable and the code never sits in it. The share
buttons go through `/share/<page>/<channel>/`, which counts the share and
opens the channel filled in with the member's own link.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.timezone import now
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clubs.caching import is_personal
from clubs.cookies import (
    Touch,
    remember_touch,
)
from clubs.ratelimits import first_today, limit
from clubs.selectors.attribution import sharer_for_code
from content import share
from content.selectors import live_page, share_target
from content.services import link_share_record, link_visit_record

# Link previews (the card a post shows) fetch the link too: they are not
# visitors. Matched on the user agent, which is read here and never kept.
PREVIEW_AGENTS = ("bot", "facebookexternalhit", "whatsapp/", "embedly", "preview")


class ShareRedirect(HttpResponseRedirect):
    """A redirect that may also open the visitor's mail program."""

    allowed_schemes = [*HttpResponseRedirect.allowed_schemes, "mailto"]


@require_safe
@limit("share_link", method="GET")
def share_link(request, code, page_id):
    """Follow a member's personal link to a page."""
    page = share_target(page_id)
    if page is None:
        raise Http404
    response = HttpResponseRedirect(page.url)
    response["Cache-Control"] = "private, no-store"
    member_id = sharer_for_code(code)
    if member_id is None or request.method != "GET":
        return response
    if _not_a_visitor(request, member_id):
        return response
    # Once per visitor, link and day: reloading or scripting a link never
    # inflates the member's visits or the funnel built on them.
    if first_today(request, "share-visit", member_id, page.page_id):
        link_visit_record(member_id=member_id, page_id=page.page_id)
    touch = Touch(
        code=code,
        page_id=page.page_id,
        program_id=page.program_id,
        at=now(),
    )
    remember_touch(request, response, touch)
    return response


@never_cache
@login_required
@require_safe
def share_channel(request, page_id, channel):
    """Count a share and open the channel with the member's link filled in."""
    if channel not in share.REDIRECT_CHANNELS:
        raise Http404
    page = _live_page_or_404(page_id)
    if channel == share.Channel.QR:
        target = reverse("share_qr_png", kwargs={"page_id": page.pk})
    else:
        link = share.personal_link(member=request.user, page=page)
        kit = _kit_or_404(page, request.GET.get("kit"))
        filled = share.kit_fill(kit, link=link, member=request.user, page=page)
        target = share.channel_url(channel, link=link, kit=filled)
    link_share_record(member=request.user, page_id=page.pk, channel=channel)
    return ShareRedirect(target)


@require_POST
@login_required
def share_copied(request, page_id):
    """The copy button's beacon: the member copied their link or a post."""
    page = _live_page_or_404(page_id)
    link_share_record(member=request.user, page_id=page.pk, channel="copy")
    return HttpResponse(status=204)


@never_cache
@login_required
@require_safe
def share_qr(request, page_id, kind):
    """The member's personal link as a QR code: SVG to show, PNG to print."""
    page = _live_page_or_404(page_id)
    link = share.personal_link(member=request.user, page=page)
    if kind == "svg":
        return HttpResponse(share.qr_svg(link), content_type="image/svg+xml")
    response = HttpResponse(share.qr_png(link), content_type="image/png")
    filename = f"qr-{page.slug}.png"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _live_page_or_404(page_id: int):
    page = live_page(page_id)
    if page is None:
        raise Http404
    return page


def _kit_or_404(page, kit_id: str | None):
    if not kit_id:
        return None
    kit = next((kit for kit in share.page_kits(page) if str(kit.pk) == kit_id), None)
    if kit is None:
        raise Http404
    return kit


def _not_a_visitor(request, member_id: int) -> bool:
    """A link preview, or the member trying their own link: neither is counted
    nor remembered. (Only a signed-in request reads the session.)"""
    agent = request.headers.get("User-Agent", "").lower()
    if any(marker in agent for marker in PREVIEW_AGENTS):
        return True
    return is_personal(request) and request.user.pk == member_id
