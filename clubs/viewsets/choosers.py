"""Choosers that let editors pick a club or a series inside a page's blocks,
and a guard on every chooser widget of the admin."""

import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser


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


def chooser_values_checked() -> None:
    """A chooser widget (an image, a club, a series) shows a refused form
    again by looking its value up as an id, and Wagtail expects only "no
    such row": a tampered value that is no id at all ("²" passes isdigit()
    but not int(), "1.5") raised and answered 500. The form field refuses
    such a value beside the field already; the widget now shows it as
    nothing chosen. Called once from clubs.wagtail_hooks."""
    lookup = BaseChooser.get_instance
    if getattr(lookup, "checks_values", False):
        return

    @functools.wraps(lookup)
    def get_instance(self, value):
        try:
            return lookup(self, value)
        except (ValueError, TypeError, ValidationError):
            return None

    get_instance.checks_values = True
    BaseChooser.get_instance = get_instance
