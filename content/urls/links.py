"""URLs: personal share links and the share panel's buttons.

Outside the language prefixes: a link works whatever language it was shared
in, and lands on the page in the language it was written in.
"""

from django.urls import path

from clubs.urls import converters  # noqa: F401  (registers <token:>)
from content.views import links

urlpatterns = [
    path("r/<token:code>/<int:page_id>/", links.share_link, name="share_link"),
    path("share/<int:page_id>/copy/", links.share_copied, name="share_copied"),
    path(
        "share/<int:page_id>/qr.svg",
        links.share_qr,
        {"kind": "svg"},
        name="share_qr_svg",
    ),
    path(
        "share/<int:page_id>/qr.png",
        links.share_qr,
        {"kind": "png"},
        name="share_qr_png",
    ),
    path(
        "share/<int:page_id>/<slug:channel>/",
        links.share_channel,
        name="share_channel",
    ),
]
