from django.conf import settings

from clubs.caching import is_personal


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        # Templates read the user and the messages only for personal requests,
        # so pages built for anonymous visitors stay cacheable (clubs.caching).
        "personal": is_personal(request),
    }
