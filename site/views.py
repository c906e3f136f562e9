import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clubsite.selectors import member_home as member_home_data

logger = logging.getLogger(__name__)


@never_cache
def rate_limited(request, exception=None):
    """Past an abuse limit (settings.RATE_LIMITS, ACCOUNT_RATE_LIMITS): 429,
    in the language of the page that was asked for."""
    return TemplateResponse(request, "429.html", status=429)


@never_cache
@require_safe
def healthz(request):
    """Tell a load balancer whether this instance can serve: 200 or 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    """Crawlers may read the public pages, not the admin or people's own pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /r/",
        "Disallow: /share/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@login_required
@require_safe
def member_home(request):
    """Where a member lands after signing in: what is next for them, what
    waits for them, their link and their numbers; a host sees their clubs."""
    home = member_home_data(person=request.user, request=request)
    return TemplateResponse(request, "home/member_home.html", {"home": home})
