"""Every URL of the content app outside Wagtail's page tree."""

from content.urls import links, members

urlpatterns = [*links.urlpatterns, *members.urlpatterns]
