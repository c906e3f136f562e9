"""A member's own share links: what their links brought, and their rewards.

Only the signed-in member's own numbers are read; nothing here takes an id
from the URL, so no other member's record can be reached.
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from content.selectors import member_share_record


@login_required
def my_share_links(request):
    record = member_share_record(member=request.user, request=request)
    return TemplateResponse(
        request, "content/members/share_links.html", {"record": record}
    )
