"""The Wagtail admin for share links: the words members send (share kits)
and what both sides earn (reward programs), in one "Referral program" menu.

Both are translatable snippets: the listing filters by language, and
`wagtail.contrib.simple_translation` adds "Translate" to each row for
editors allowed to submit translations.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from clubs.models import RewardProgram
from content.models import ShareKit


class ShareKitViewSet(SnippetViewSet):
    model = ShareKit
    icon = "mail"
    menu_label = _("Share kits")
    list_display = ["name", "email_subject", "locale"]
    search_fields = ["name", "email_subject", "post_text"]


class RewardProgramViewSet(SnippetViewSet):
    model = RewardProgram
    icon = "pick"
    menu_label = _("Reward programs")
    list_display = [
        "name",
        "referrer_reward",
        "friend_reward",
        "qualifying_action",
        "locale",
    ]
    list_filter = ["qualifying_action"]
    search_fields = ["name", "referrer_reward", "friend_reward"]
    panels = [
        FieldPanel("name"),
        FieldPanel("qualifying_action"),
        MultiFieldPanel(
            [
                FieldPanel("referrer_reward"),
                FieldPanel("referrer_reward_kind"),
                FieldPanel("friend_reward"),
                FieldPanel("friend_reward_kind"),
            ],
            heading=_("What each side gets"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("discount_percent_off"),
                        FieldPanel("discount_amount_off"),
                        FieldPanel("discount_currency"),
                    ]
                ),
            ],
            heading=_("Discount"),
            help_text=_(
                "For a reward that is a discount: with online payment on, each "
                "person gets a code for their next online payment, usable once; "
                "without it, the hosts take it off at the door."
            ),
        ),
        FieldPanel("terms"),
    ]


class ReferralProgramViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Referral program")
    menu_icon = "link"
    menu_order = 250
    items = (ShareKitViewSet, RewardProgramViewSet)
