"""The pages editors publish: home, guides, and referral landing pages.

Pages hold editorial content only. What a landing page shows about meetings
comes from `clubs` selectors; what happens when a visitor follows a member's
link is decided in `clubs.services.attribution`.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from clubs.caching import (
    is_personal,
    private_page,
    public_page,
)
from clubs.selectors.meetings import next_public_meetings, upcoming_occurrences_for
from content.blocks import (
    HERO_RENDITIONS,
    RICH_TEXT_FEATURES,
    BodyBlock,
    LandingBlock,
    upcoming_source,
)
from content.seo import page_metadata, sitemap_urls


@register_setting(icon="image")
class SharingSettings(BaseSiteSetting):
    """What a shared link shows when its page has no picture of its own."""

    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Shown on LinkedIn, WhatsApp, Facebook and X for every page without "
            "a share image of its own (1200×630 works best)."
        ),
    )

    panels = [FieldPanel("default_share_image")]

    class Meta:
        verbose_name = _("sharing")


class SharingMixin(models.Model):
    """Search and sharing metadata every page carries: the title and
    description come from Wagtail's promote tab, the share image from here."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Shown when the page is shared on social media (1200×630 works best)."
        ),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("share_image"),
    ]

    og_type = "website"

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["seo"] = page_metadata(
            self, request, description=self.seo_description(), og_type=self.og_type
        )
        return context

    def seo_description(self) -> str:
        return self.search_description

    def serve(self, request, *args, **kwargs):
        """Anonymous visitors share one cached copy; a signed-in member's page
        (their share panel, their name in the header) is theirs alone."""
        response = super().serve(request, *args, **kwargs)
        if is_personal(request):
            return private_page(response)
        return public_page(response)

    def get_sitemap_urls(self, request=None):
        return sitemap_urls(self, request)


class HomePage(SharingMixin, Page):
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

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    meetings_shown = 6
    guides_shown = 6

    def seo_description(self) -> str:
        return self.search_description or self.hero_text

    def get_context(self, request, *args, **kwargs):
        """The same for every visitor (the page is cached for anonymous
        ones): the next public meetings, and the way to every referral page
        and guide under this home page. Queries do not grow with either."""
        context = super().get_context(request, *args, **kwargs)
        context["next_meetings"] = next_public_meetings(limit=self.meetings_shown)
        context["landing_pages"] = self._live(LandingPage.objects.child_of(self))
        context["guide_indexes"] = self._live(ArticleIndexPage.objects.child_of(self))
        newest = ArticlePage.objects.descendant_of(self).order_by(
            "-date", "-first_published_at"
        )
        context["guides"] = self._live(newest, limit=self.guides_shown)
        return context

    @staticmethod
    def _live(pages, limit: int | None = None) -> list[Page]:
        return list(pages.live().public().defer_streamfields()[:limit])


class ArticleIndexPage(SharingMixin, Page):
    """Guides and articles, newest first."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content.ArticlePage"]
    parent_page_types = ["content.HomePage"]

    articles_per_page = 10

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self._articles_page(request.GET.get("page", 1))
        return context

    def _articles_page(self, number):
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-date", "-first_published_at")
        )
        try:
            return Paginator(articles, self.articles_per_page).page(number)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(_("There is no such page of articles.")) from error


class ArticlePage(SharingMixin, Page):
    """A guide or article."""

    date = models.DateField(_("published on"))
    intro = models.TextField(_("introduction"), max_length=400, blank=True)
    body = StreamField(BodyBlock())

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = []
    parent_page_types = ["content.ArticleIndexPage"]

    og_type = "article"

    class Meta:
        verbose_name = _("article")

    def seo_description(self) -> str:
        return self.search_description or self.intro


class LandingPage(SharingMixin, Page):
    """A referral-program page members share with their personal link.

    Visitors see the same page, so it is cached for everyone; a signed-in
    member also sees a share panel with their own link and the page's kits.
    """

    body = StreamField(LandingBlock())
    reward_program = models.ForeignKey(
        "clubs.RewardProgram",
        verbose_name=_("reward program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("What the member who shares and the friend they bring each get."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("reward_program")], heading=_("Rewards")),
        InlinePanel("share_kits", heading=_("Share kits"), label=_("Share kit")),
    ]

    search_fields = [*Page.search_fields, index.SearchField("body")]
    subpage_types = []
    parent_page_types = ["content.HomePage"]

    class Meta:
        verbose_name = _("referral landing page")

    def get_context(self, request, *args, **kwargs):
        """Everything the blocks show, read once for the whole page: a page
        with twenty blocks costs the queries of a page with one."""
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_meetings"] = self.upcoming_meetings()
        # Where a hero's button takes visitors: the first list of meetings.
        context["meetings_anchor"] = next(
            (b.id for b in self.body if b.block_type == "upcoming_meetings"), None
        )
        context["reward_program"] = (
            self.reward_program and self.reward_program.localized
        )
        self._prefetch_hero_renditions()
        return context

    def seo_description(self) -> str:
        heroes = self._blocks("hero")
        return self.search_description or (heroes[0]["text"] if heroes else "")

    def _blocks(self, block_type: str):
        return [block.value for block in self.body if block.block_type == block_type]

    def upcoming_meetings(self) -> dict:
        """The next meetings every "upcoming meetings" block asks for."""
        blocks = self._blocks("upcoming_meetings")
        sources = [source for source in map(upcoming_source, blocks) if source]
        return upcoming_occurrences_for(
            clubs=[item for kind, item in sources if kind == "club"],
            series=[item for kind, item in sources if kind == "series"],
            per_source=max((value["count"] for value in blocks), default=0),
        )

    def _prefetch_hero_renditions(self) -> None:
        """One query for the renditions of every hero image on the page."""
        images = [hero["image"] for hero in self._blocks("hero") if hero["image"]]
        rendition_model = get_image_model().get_rendition_model()
        prefetch_related_objects(
            images,
            Prefetch(
                "renditions",
                queryset=rendition_model.objects.filter(
                    filter_spec__in=HERO_RENDITIONS
                ),
                to_attr="prefetched_renditions",
            ),
        )


class ShareKit(TranslatableMixin, models.Model):
    """Pre-written words members send with their personal link.

    `{link}` in any field becomes the member's personal link, `{name}` their
    name and `{title}` the page's title. One kit can be used on many pages.
    """

    name = models.CharField(_("name"), max_length=120)
    email_subject = models.CharField(_("email subject"), max_length=150)
    email_body = models.TextField(
        _("email body"),
        help_text=_("Plain text. Put {link} where the link goes; {name} signs it."),
    )
    post_text = models.TextField(
        _("short post"),
        max_length=280,
        help_text=_(
            "For LinkedIn, X, Facebook and WhatsApp; {link} is added if missing."
        ),
    )
    hashtags = models.CharField(
        _("suggested hashtags"),
        max_length=200,
        blank=True,
        help_text=_("Separated by spaces, without the #: networking referrals"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("email_subject"),
        FieldPanel("email_body"),
        FieldPanel("post_text"),
        FieldPanel("hashtags"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("share kit")

    def __str__(self):
        return self.name


class LandingPageShareKit(Orderable):
    page = ParentalKey(LandingPage, on_delete=models.CASCADE, related_name="share_kits")
    kit = models.ForeignKey(
        ShareKit,
        verbose_name=_("share kit"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("kit")]

    class Meta(Orderable.Meta):
        verbose_name = _("share kit")


# --- Personal share links -----------------------------------------------------


class LinkVisit(models.Model):
    """Visits through one member's personal link to one page, counted per day.

    No IP address, user agent or visitor identity is kept: only the count."""

    # Null once the member's account is deleted: the page's totals stay.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="link_visits",
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "page", "day"], name="one_visit_count_per_day"
            )
        ]
        indexes = [models.Index(fields=["page", "day"], name="link_visits_by_page")]

    def __str__(self):
        return f"{self.member} → {self.page_id} on {self.day}: {self.visits}"


class LinkVisitFlush(models.Model):
    """One batch of share-link visits moved from the cache into `LinkVisit`.

    Written in the same transaction as the counts, so a batch whose flush
    died after committing is recognised and never counted twice."""

    batch = models.UUIDField(unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)
    visits = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.batch}: {self.visits} visits at {self.flushed_at}"


class LinkShare(models.Model):
    """One press of a share button: the member shared a page on a channel."""

    class Channel(models.TextChoices):
        COPY = "copy", _("Copied link")
        EMAIL = "email", _("Email")
        LINKEDIN = "linkedin", "LinkedIn"
        X = "x", "X"
        FACEBOOK = "facebook", "Facebook"
        WHATSAPP = "whatsapp", "WhatsApp"
        QR = "qr", _("QR code")

    # Null once the member's account is deleted: the page's totals stay.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="link_shares",
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        indexes = [
            models.Index(fields=["member", "page"], name="link_shares_by_member")
        ]

    def __str__(self):
        return f"{self.member} shared {self.page_id} by {self.channel}"
