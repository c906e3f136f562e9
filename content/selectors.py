"""Reads: what members, hosts and editors see of share links.

Every read here costs the same few queries however many pages, visits,
visitors or rewards there are: counts are aggregated in SQL, grouped by page
or by member, and the pages and people they name are fetched in one query
each.

The funnel's steps come from two places: visits from `LinkVisit` (counted per
member, page and day), and what the visitors did next from the
`clubs.Attribution` each credited visitor has (its registered, attended and
joined times).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site

from clubs.models import Attribution, Reward, User
from clubs.selectors.personal_data import personal_data_section
from content.models import LandingPage, LinkShare, LinkVisit, SharingSettings

VISITORS_SHOWN = 50
SHARERS_SHOWN = 10
STEPS = ("registered", "attended", "joined")


@dataclass
class Funnel:
    """Visits through share links, then what the credited visitors did."""

    visits: int = 0
    registered: int = 0
    attended: int = 0
    joined: int = 0

    def add(self, other: "Funnel") -> None:
        self.visits += other.visits
        self.registered += other.registered
        self.attended += other.attended
        self.joined += other.joined

    # Each step as a whole percentage of the step before; None without any.
    @property
    def registered_percent(self) -> int | None:
        return _percent(self.registered, self.visits)

    @property
    def attended_percent(self) -> int | None:
        return _percent(self.attended, self.registered)

    @property
    def joined_percent(self) -> int | None:
        return _percent(self.joined, self.attended)


@dataclass
class PageRow:
    """One page's numbers: the page (None once deleted), shares, funnel."""

    page: Page | None
    url: str | None = None
    shares: int = 0
    funnel: Funnel = field(default_factory=Funnel)

    @property
    def title(self) -> str:
        return self.page.title if self.page else ""


@dataclass
class ShareRecord:
    """A member's share links: per page, in total, who came, what they earned."""

    pages: list[PageRow]
    totals: PageRow
    visitors: list[Attribution]
    more_visitors: bool
    rewards: list[Reward]

    @property
    def rewards_to_collect(self) -> list[Reward]:
        return [reward for reward in self.rewards if reward.fulfilled_at is None]


@dataclass
class SharerRow:
    member: User
    shares: int = 0
    funnel: Funnel = field(default_factory=Funnel)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _step_counts() -> dict:
    """Count each step's non-empty timestamp: COUNT(column) skips NULLs."""
    return {step: Count(f"{step}_at") for step in STEPS}


# --- A member's own record --------------------------------------------------------


def member_share_record(*, member: User, request=None) -> ShareRecord:
    """Per page the member shared: shares, visits, and the visitors their
    link brought who registered, attended and joined; their credited
    visitors (names only), and the rewards they earned."""
    rows: dict[int | None, PageRow] = {}

    def row(page_id: int | None) -> PageRow:
        return rows.setdefault(page_id, PageRow(page=None))

    shares = LinkShare.objects.filter(member=member).values("page_id")
    for item in shares.annotate(n=Count("pk")):
        row(item["page_id"]).shares = item["n"]
    visits = LinkVisit.objects.filter(member=member).values("page_id")
    for item in visits.annotate(n=Sum("visits")):
        row(item["page_id"]).funnel.visits = item["n"]
    credited = Attribution.objects.filter(referrer=member).values("source_page_id")
    for item in credited.annotate(**_step_counts()):
        _fill_steps(row(item["source_page_id"]).funnel, item)
    totals = PageRow(page=None)
    for page_row in rows.values():
        totals.shares += page_row.shares
        totals.funnel.add(page_row.funnel)
    _attach_pages(rows, request)
    visitors = _visitors(member, rows)
    return ShareRecord(
        pages=sorted(rows.values(), key=lambda r: (-r.funnel.visits, r.title)),
        totals=totals,
        visitors=visitors[:VISITORS_SHOWN],
        more_visitors=len(visitors) > VISITORS_SHOWN,
        rewards=member_rewards(member=member),
    )


def _fill_steps(funnel: Funnel, counts: dict) -> None:
    funnel.registered = counts["registered"]
    funnel.attended = counts["attended"]
    funnel.joined = counts["joined"]


def _attach_pages(rows: dict[int | None, PageRow], request) -> None:
    """Name each row's page. Rows of pages since deleted (or of visitors
    credited without a page) count in the totals only."""
    pages = Page.objects.filter(pk__in=[pk for pk in rows if pk]).select_related(
        "locale"
    )
    for page in pages:
        rows[page.pk].page = page
        rows[page.pk].url = page.get_url(request=request)
    for page_id in [pk for pk, row in rows.items() if row.page is None]:
        del rows[page_id]


def _visitors(member: User, rows: dict[int, PageRow]) -> list[Attribution]:
    """The member's credited visitors, newest first; one more than shown, to
    know whether there are more. Contact details are not read at all."""
    visitors = list(
        Attribution.objects.filter(referrer=member).only(
            "name",
            "source_page_id",
            "created_at",
            "registered_at",
            "attended_at",
            "joined_at",
        )[: VISITORS_SHOWN + 1]
    )
    for visitor in visitors:
        visitor.page_row = rows.get(visitor.source_page_id)
    return visitors


def member_rewards(*, member: User) -> list[Reward]:
    """Rewards for the member: as the one who shared, or as a friend (by
    account, or by the address they registered with before they had one)."""
    return list(
        Reward.objects.filter(
            Q(recipient=member) | Q(recipient_email__iexact=member.email)
        ).select_related("club", "attribution__referrer")
    )


# --- Landing pages, for editors and hosts --------------------------------------


def landing_page_funnels(*, start: date, end: date) -> list[PageRow]:
    """Every landing page's funnel for a period: the visits in the period,
    and of the visitors whose first touch fell in it, how many registered,
    attended and joined (so far)."""
    rows = {
        page.pk: PageRow(page=page)
        for page in LandingPage.objects.select_related("locale").order_by(
            "title", "locale__language_code"
        )
    }
    visits = LinkVisit.objects.filter(page_id__in=rows, day__range=(start, end))
    for item in visits.values("page_id").annotate(n=Sum("visits")):
        rows[item["page_id"]].funnel.visits = item["n"]
    credited = Attribution.objects.filter(
        source_page_id__in=rows, touched_at__date__range=(start, end)
    ).values("source_page_id")
    for item in credited.annotate(**_step_counts()):
        _fill_steps(rows[item["source_page_id"]].funnel, item)
    shares = LinkShare.objects.filter(
        page_id__in=rows, created_at__date__range=(start, end)
    )
    for item in shares.values("page_id").annotate(n=Count("pk")):
        rows[item["page_id"]].shares = item["n"]
    return list(rows.values())


def top_sharers(
    *,
    start: date,
    end: date,
    page_ids: list[int] | None = None,
    members: QuerySet[User] | None = None,
    limit: int = SHARERS_SHOWN,
) -> list[SharerRow]:
    """The members whose links brought the most: ranked by visitors who
    registered, then by visits. `members` narrows the ranking (a host sees
    the members of the clubs they host)."""
    visits = LinkVisit.objects.filter(day__range=(start, end))
    credited = Attribution.objects.filter(touched_at__date__range=(start, end))
    shares = LinkShare.objects.filter(created_at__date__range=(start, end))
    if page_ids is not None:
        visits = visits.filter(page_id__in=page_ids)
        credited = credited.filter(source_page_id__in=page_ids)
        shares = shares.filter(page_id__in=page_ids)
    if members is not None:
        visits = visits.filter(member__in=members.values("pk"))
        credited = credited.filter(referrer__in=members.values("pk"))
        shares = shares.filter(member__in=members.values("pk"))
    rows: dict[int, SharerRow] = {}

    def row(member_id: int) -> SharerRow:
        return rows.setdefault(member_id, SharerRow(member=None))

    for item in visits.values("member_id").annotate(n=Sum("visits")):
        row(item["member_id"]).funnel.visits = item["n"]
    for item in credited.values("referrer_id").annotate(**_step_counts()):
        _fill_steps(row(item["referrer_id"]).funnel, item)
    for item in shares.values("member_id").annotate(n=Count("pk")):
        row(item["member_id"]).shares = item["n"]
    ranked = sorted(
        rows.items(),
        key=lambda pair: (-pair[1].funnel.registered, -pair[1].funnel.visits),
    )[:limit]
    people = User.objects.in_bulk([pk for pk, _row in ranked])
    for pk, row in ranked:
        row.member = people.get(pk)
    return [row for _pk, row in ranked if row.member is not None]


# --- Pages a member can share -----------------------------------------------------


def landing_pages_to_share(*, limit: int = 3) -> list[LandingPage]:
    """Live referral pages in the language being read, newest first: the
    ones a member's home offers their personal link to."""
    return list(
        LandingPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")[:limit]
    )


def default_share_image(*, request) -> Image | None:
    """The site's default share image (Settings → Sharing), read once per
    request; reading never creates the settings row, as `for_request` would."""
    if not hasattr(request, "_default_share_image"):
        site = Site.find_for_request(request)
        sharing = (
            SharingSettings.objects.select_related("default_share_image")
            .filter(site=site)
            .first()
        )
        request._default_share_image = sharing and sharing.default_share_image
    return request._default_share_image


# --- The member's data file ------------------------------------------------------


@personal_data_section("share_links")
def member_share_numbers(person: User) -> dict:
    """The member's share links in the file of their data: per page, the
    shares, visits and what the visitors did next. Numbers only: who visited
    or registered is the visitors' own data."""
    record = member_share_record(member=person)
    return {
        "share_code": person.referral_code,
        "pages": [_numbers(row) for row in record.pages],
        "totals": _numbers(record.totals),
    }


def _numbers(row: PageRow) -> dict:
    numbers = {"page": row.title} if row.page else {}
    return numbers | {
        "shares": row.shares,
        "visits": row.funnel.visits,
        "registered": row.funnel.registered,
        "attended": row.funnel.attended,
        "joined": row.funnel.joined,
    }


# --- Where a share link lands ------------------------------------------------

SHARE_TARGET_SECONDS = 300  # as long as the page cache keeps a page


@dataclass(frozen=True)
class ShareTarget:
    """A live page a share link may land on."""

    page_id: int
    url: str
    program_id: int | None  # a landing page's reward program


def share_target(page_id: int) -> ShareTarget | None:
    """The live page with this id and its address, or None: read from the
    cache, as a popular link is followed thousands of times an hour.
    Publishing, unpublishing, moving or deleting the page forgets it
    (`share_target_forget`, content/apps.py)."""
    key = _share_target_key(page_id)
    target = cache.get(key)
    if target is None:
        target = _share_target_read(page_id) or False  # "no such page" is kept too
        cache.set(key, target, SHARE_TARGET_SECONDS)
    return target or None


def share_target_forget(page_id: int) -> None:
    cache.delete(_share_target_key(page_id))


def live_page(page_id: int) -> Page | None:
    """The live page with this id, as its own class (a landing page, the
    pages members share most, in one query)."""
    page = LandingPage.objects.live().filter(pk=page_id).first()
    if page is None:
        page = Page.objects.live().filter(pk=page_id).specific().first()
    return page


def _share_target_read(page_id: int) -> ShareTarget | None:
    page = live_page(page_id)
    url = page.url if page is not None else None  # the site's root paths: cached
    if url is None:  # no such live page, or under no site: nowhere to land
        return None
    program_id = getattr(page, "reward_program_id", None)
    return ShareTarget(page_id=page.pk, url=url, program_id=program_id)


def _share_target_key(page_id: int) -> str:
    # The version changes with ShareTarget's fields: a deploy never unpickles
    # what the code before it stored.
    return f"share-target:1:{page_id}"
