"""`{% share_image_for seo as image %}`: the page's own share image, or else
the site's default (Settings → Sharing), for includes/page_meta.html."""

from django import template
from django.conf import settings

from clubs.seo import ShareImage, share_image
from content.selectors import default_share_image

register = template.Library()


@register.simple_tag(takes_context=True)
def share_image_for(context, seo) -> ShareImage | None:
    if seo.image is not None:
        return seo.image
    request = context.get("request")
    if request is None:
        return None
    return share_image(default_share_image(request=request), settings.SITE_URL)
