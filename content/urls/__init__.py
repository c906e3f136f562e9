"""The content app's URLs outside the language prefixes: personal share
links and share buttons. A member's own pages (`content.urls.members`) are
read in the member's language, so site/urls.py puts them under the prefixes."""

from content.urls import links

urlpatterns = [*links.urlpatterns]
