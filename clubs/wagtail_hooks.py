from wagtail.snippets.models import register_snippet

from clubs.viewsets import CategoryViewSet

register_snippet(CategoryViewSet)
