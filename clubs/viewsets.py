from wagtail.snippets.views.snippets import SnippetViewSet

from clubs.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Business categories"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]
