"""A member's own share links: what their links brought, and their rewards.

Only the signed-in member's own numbers are read; nothing here takes an id
from the URL, so no other member's record can be reached.
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from content.selectors import member_share_record
from content.services import link_visits_flush


@login_required
def my_share_links(request):
    # Visits wait in the cache until a flush; flushing first shows the member
    # every visit so far (and, in development's local-memory cache, is where
    # they get counted at all: the web process holds them).
    link_visits_flush()
    record = member_share_record(member=request.user, request=request)
    return TemplateResponse(
        request, "content/members/share_links.html", {"record": record}
    )
