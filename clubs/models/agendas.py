from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin

from clubs.models.clubs import Club
from clubs.models.meetings import Occurrence, Series
from clubs.models.translations import inline_translation_panel, original


class AgendaItemKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    INTRODUCTIONS = "introductions", _("Member introductions")
    GUEST_EXPERT = "guest_expert", _("Guest expert talk")
    EDUCATION = "education", _("Education moment")
    REFERRAL_EXCHANGE = "referral_exchange", _("Referral exchange")
    NETWORKING = "networking", _("Open networking")
    WINS = "wins", _("Wins")
    TRAINING = "training", _("Training")
    HOT_SEATS = "hot_seats", _("Hot seats")
    COMMITMENTS = "commitments", _("Commitments")
    OTHER = "other", _("Other")


class AgendaItemFields(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("title"), max_length=150)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel(original("title")),
        FieldPanel("minutes"),
    ]

    class Meta:
        abstract = True

    @property
    def kind_if_not_title(self) -> str:
        """The kind's label, or "" when the title already says it (an item
        titled "Education moment" of that kind reads it once, not twice)."""
        label = str(self.get_kind_display())
        return "" if self.title.strip().casefold() == label.casefold() else label


class AgendaTemplate(ClusterableModel):
    """A reusable running order a host starts each agenda from."""

    name = models.CharField(_("name"), max_length=120)
    club = models.ForeignKey(
        Club,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_templates",
        help_text=_("Empty: every club can use it."),
    )
    series = models.ManyToManyField(
        Series,
        blank=True,
        related_name="agenda_templates",
        verbose_name=_("for these series"),
        help_text=_(
            "The series this running order fits (a breakfast, a training). "
            "Empty: any series of the club."
        ),
    )

    panels = [
        FieldPanel(original("name")),
        FieldPanel("club"),
        FieldPanel("series"),
        InlinePanel("items"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgendaTemplateItem(Orderable, AgendaItemFields):
    template = ParentalKey(
        AgendaTemplate, on_delete=models.CASCADE, related_name="items"
    )

    panels = [*AgendaItemFields.panels, inline_translation_panel("title")]


class Agenda(DraftStateMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """The running order of one occurrence; hosts draft, preview and publish it."""

    occurrence = models.OneToOneField(
        Occurrence, on_delete=models.CASCADE, related_name="agenda"
    )
    intro = models.TextField(_("introduction"), blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="agenda")

    panels = [
        FieldPanel("occurrence"),
        FieldPanel(original("intro")),
        InlinePanel("items"),
    ]

    class Meta:
        ordering = ["-occurrence__start"]

    def __str__(self):
        return f"Agenda: {self.occurrence}"

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "clubs/agendas/agenda_preview.html"


class AgendaItem(Orderable, AgendaItemFields):
    agenda = ParentalKey(Agenda, on_delete=models.CASCADE, related_name="items")
    owner = models.CharField(_("led by"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        *AgendaItemFields.panels,
        FieldPanel("owner"),
        FieldPanel(original("notes")),
        inline_translation_panel("title", "notes"),
    ]
