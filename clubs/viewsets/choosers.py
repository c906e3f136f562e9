"""Choosers that let editors pick a club or a series inside a page's blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ClubChooserViewSet(ChooserViewSet):
    model = "clubs.Club"
    icon = "group"
    choose_one_text = _("Choose a club")
    choose_another_text = _("Choose another club")
    edit_item_text = _("Edit this club")


class SeriesChooserViewSet(ChooserViewSet):
    model = "clubs.Series"
    icon = "date"
    choose_one_text = _("Choose a meeting series")
    choose_another_text = _("Choose another series")
    edit_item_text = _("Edit this series")


club_chooser_viewset = ClubChooserViewSet("club_chooser")
series_chooser_viewset = SeriesChooserViewSet("series_chooser")

ClubChooserBlock = club_chooser_viewset.get_block_class(
    name="ClubChooserBlock", module_path="clubs.viewsets.choosers"
)
SeriesChooserBlock = series_chooser_viewset.get_block_class(
    name="SeriesChooserBlock", module_path="clubs.viewsets.choosers"
)
