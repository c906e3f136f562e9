"""The blocks editors build pages from.

Block templates live in `content/templates/content/blocks/`. Blocks that
read from the database (upcoming meetings) do not query on their own: the
page gathers what all of them need in one read (see `LandingPage.get_context`),
so a page with ten blocks costs what a page with one does.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from clubs.selectors.meetings import upcoming_occurrences_for
from clubs.viewsets.choosers import (
    ClubChooserBlock,
    SeriesChooserBlock,
)

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# The widths a hero image is offered in (content/blocks/hero.html's srcset);
# the landing page fetches these renditions for all its heroes at once.
HERO_RENDITIONS = ["width-480", "width-960", "width-1440"]


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=40)
    button_url = blocks.URLBlock(help_text="Where the button goes.")

    class Meta:
        icon = "link"
        template = "content/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="content/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock(template="content/blocks/image.html")
    call_to_action = CallToActionBlock()


# --- Referral landing pages ------------------------------------------------------


class HeroBlock(blocks.StructBlock):
    headline = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    image = ImageBlock(required=False)
    button_label = blocks.CharBlock(
        max_length=40,
        required=False,
        help_text=_("Leave empty to offer the next meetings further down the page."),
    )
    button_url = blocks.CharBlock(
        max_length=255,
        required=False,
        help_text=_("A path on this site, a full address, or #meetings."),
    )

    class Meta:
        icon = "pick"
        template = "content/blocks/hero.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("How it works"))
    steps = blocks.ListBlock(StepBlock(), min_num=1, max_num=8)

    class Meta:
        icon = "list-ol"
        template = "content/blocks/steps.html"


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    name = blocks.CharBlock(max_length=80)
    business = blocks.CharBlock(max_length=120, required=False)


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    testimonials = blocks.ListBlock(TestimonialBlock(), min_num=1)

    class Meta:
        icon = "openquote"
        template = "content/blocks/testimonials.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Questions"))
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "content/blocks/faq.html"


class RewardTermsBlock(blocks.StructBlock):
    """Shows the page's reward program: what each side gets, and when."""

    heading = blocks.CharBlock(max_length=120, default=_("What you both get"))

    class Meta:
        icon = "pick"
        template = "content/blocks/reward_terms.html"
        help_text = _("Shows the reward program chosen in the page's Rewards panel.")


class UpcomingMeetingsBlock(blocks.StructBlock):
    """The next meetings of a club (or of one of its series), each with a
    register button that leads to the meeting's own registration."""

    heading = blocks.CharBlock(max_length=120, default=_("Come to the next meeting"))
    club = ClubChooserBlock(required=False)
    series = SeriesChooserBlock(
        required=False,
        help_text=_(
            "Or one series only, such as the breakfast. A club shows only its own "
            "meetings: choose a training here to show it."
        ),
    )
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=3)

    class Meta:
        icon = "date"
        template = "content/blocks/upcoming_meetings.html"

    def get_context(self, value, parent_context=None):
        """The meetings come from the page, which read those of every block at
        once (`LandingPage.upcoming_meetings`); shown alone, as in a block
        preview, the block reads its own."""
        context = super().get_context(value, parent_context=parent_context)
        source = upcoming_source(value)
        found = context.get("upcoming_meetings")
        if source is not None and found is None:
            kind, item = source
            found = upcoming_occurrences_for(
                per_source=value["count"],
                clubs=[item] if kind == "club" else [],
                series=[item] if kind == "series" else [],
            )
        key = source and (source[0], source[1].pk)
        context["meetings"] = (found or {}).get(key, [])[: value["count"]]
        return context

    def clean(self, value):
        value = super().clean(value)
        if not value.get("club") and not value.get("series"):
            raise StructBlockValidationError(
                block_errors={"club": ValidationError(_("Choose a club or a series."))}
            )
        return value


def upcoming_source(value) -> tuple[str, object] | None:
    """Whose meetings an upcoming-meetings block shows: ("series", series) when
    one series is chosen, else ("club", club); None if neither still exists."""
    if value.get("series") is not None:
        return ("series", value["series"])
    if value.get("club") is not None:
        return ("club", value["club"])
    return None


class LandingBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    steps = StepsBlock()
    testimonials = TestimonialsBlock()
    faq = FaqBlock()
    reward_terms = RewardTermsBlock()
    upcoming_meetings = UpcomingMeetingsBlock()
    call_to_action = CallToActionBlock()
