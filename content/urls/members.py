"""URLs: what a member sees of their own share links."""

from django.urls import path

from content.views import members

urlpatterns = [
    path("accounts/share-links/", members.my_share_links, name="my_share_links"),
]
