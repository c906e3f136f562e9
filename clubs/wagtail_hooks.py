from wagtail.snippets.models import register_snippet

from clubs.viewsets import CategoryViewSet, ClubsViewSetGroup

register_snippet(CategoryViewSet)
# Registered as a snippet group so the agenda snippets in it get their
# publish permission (created for registered snippets after migrate).
register_snippet(ClubsViewSetGroup)
