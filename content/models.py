from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from content.blocks import BodyBlock


class HomePage(Page):
    """The front door: what the community is and how to join it."""

    hero_heading = models.CharField(max_length=120)
    hero_text = models.TextField(blank=True)
    hero_button_label = models.CharField(max_length=40, blank=True)
    hero_button_url = models.CharField(
        max_length=255,
        blank=True,
        help_text="A path on this site (/accounts/signup/) or a full address.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_button_label"),
                FieldPanel("hero_button_url"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
