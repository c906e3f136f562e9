"""`{% page_seo title=... description=... as seo %}`: the search and sharing
metadata of a view that is not a Wagtail page (clubs, meetings, masterminds,
signing in), for `includes/page_meta.html` in base.html's head."""

from django import template

from clubs.seo import PageMetadata, view_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_seo(
    context, title, description="", og_type="website", path="", image=None
) -> PageMetadata:
    """`path` names the page when the request's own path is not it (a form
    posted elsewhere and shown again with its mistakes); `image` is the page's
    own share card (a ShareImage), the site's default standing in without one."""
    return view_metadata(
        path or context["request"].path,
        title=str(title),
        description=str(description),
        og_type=og_type,
        image=image,
    )
