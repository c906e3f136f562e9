"""Demo reward program and share-link visitors for `manage.py seed_demo`.

The reward program comes in English and Spanish. The visitors are credited
through the real services, with the `Touch` a share link would have left in
their browser: some registered for the next breakfast, some came to a past
one (which granted both sides' rewards; a host handed one over) and one
joined the club. The services stamp everything "now", so the timestamps are
then moved back to when it would have happened, for the funnel and the
member's page to tell a believable story. Safe to run again: a visitor who
is already credited is left alone.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale

from clubs.cookies import Touch
from clubs.models import (
    Attendance,
    Attribution,
    Club,
    Membership,
    Occurrence,
    Registration,
    Reward,
    RewardProgram,
    User,
)
from clubs.services.attendance import attendance_mark
from clubs.services.attribution import (
    attribution_joined,
    attribution_registered,
    attribution_signed_up,
    email_key,
    reward_fulfil,
)
from clubs.services.registrations import registration_create

CLUB = "northside-breakfast"
HOSTS_GROUP = "Hosts"

PROGRAM = {
    "en": {
        "name": "Bring a guest to breakfast",
        "referrer_reward": "A free breakfast at your next meeting",
        "friend_reward": "Their first breakfast on the house",
        "terms": "Both rewards are handed over by the hosts once your guest "
        "has come to their first breakfast. One reward per guest; guests who "
        "are already members don't count.",
    },
    "es": {
        "name": "Trae un invitado al desayuno",
        "referrer_reward": "Un desayuno gratis en tu próxima reunión",
        "friend_reward": "Su primer desayuno, invitado por el club",
        "terms": "Los anfitriones entregan ambas recompensas cuando tu invitado "
        "asiste a su primer desayuno. Una recompensa por invitado; quienes ya "
        "son miembros no cuentan.",
    },
    "id": {
        "name": "Ajak tamu ke sarapan",
        "referrer_reward": "Sarapan gratis di pertemuan berikutnya",
        "friend_reward": "Sarapan pertamanya ditraktir klub",
        "terms": "Kedua hadiah diberikan oleh tuan rumah setelah tamu Anda "
        "hadir di sarapan pertamanya. Satu hadiah untuk setiap tamu; tamu yang "
        "sudah menjadi anggota tidak dihitung.",
    },
    "ru": {
        "name": "Приведите гостя на завтрак",
        "referrer_reward": "Бесплатный завтрак на следующей встрече",
        "friend_reward": "Первый завтрак гостя — за счёт клуба",
        "terms": "Обе награды ведущие вручают, когда ваш гость побывает на "
        "своём первом завтраке. Одна награда за каждого гостя; тех, кто уже "
        "состоит в клубе, не считаем.",
    },
}


@dataclass(frozen=True)
class DemoVisitor:
    name: str
    email: str
    referrer: str  # the member whose link they followed
    language: str  # which translation of the landing page they landed on
    meeting: int  # 0: the next breakfast; -1: the last one; -2: the one before
    joined: bool = False
    handed_over: bool = False  # the host handed the member's reward over


VISITORS = [
    DemoVisitor(
        "Noah Brooks",
        "noah@brooks.example",
        "marcus.bell@example.com",
        "en",
        -2,
        handed_over=True,
    ),
    DemoVisitor(
        "Sam Ortega",
        "sam@ortega-tiles.example",
        "marcus.bell@example.com",
        "en",
        -2,
        joined=True,
    ),
    DemoVisitor("Ivy Chen", "ivy@chen.example", "marcus.bell@example.com", "en", -1),
    DemoVisitor("Kai Morgan", "kai@morgan.example", "marcus.bell@example.com", "en", 0),
    DemoVisitor(
        "Lucía Ferreira", "lucia@ferreira.example", "marcus.bell@example.com", "es", 0
    ),
    DemoVisitor(
        "Owen Price", "owen@price.example", "priya.natarajan@example.com", "en", 0
    ),
]


def seed_programs() -> dict[str, RewardProgram]:
    """The breakfast reward program, in English and each translation."""
    _hosts_see_rewards()
    english = Locale.objects.get_or_create(language_code="en")[0]
    program = RewardProgram.objects.filter(
        name=PROGRAM["en"]["name"], locale=english
    ).first() or RewardProgram.objects.create(locale=english, **PROGRAM["en"])
    programs = {"en": program}
    for language, text in PROGRAM.items():
        if language != "en":
            programs[language] = _program_in(program, language, text)
    return programs


def _program_in(program: RewardProgram, language: str, text: dict) -> RewardProgram:
    locale = Locale.objects.get_or_create(language_code=language)[0]
    translation = program.get_translation_or_none(locale)
    if translation is None:
        translation = program.copy_for_translation(locale)
        for name, value in text.items():
            setattr(translation, name, value)
        translation.save()
    return translation


def seed_visitors(
    people: dict[str, User],
    *,
    page_ids: dict[str, int],
    programs: dict[str, RewardProgram],
) -> None:
    """Credit the demo visitors to the members whose links brought them.

    `page_ids` are the landing page's ids per language, `programs` the reward
    program on each: a visitor earns what the page they landed on offered."""
    club = Club.objects.get(slug=CLUB)
    host = club.memberships.get(role=Membership.Role.ORGANIZER).person
    for visitor in VISITORS:
        if Attribution.objects.filter(email_key=email_key(visitor.email)).exists():
            continue
        occurrence = _meeting(club, visitor.meeting)
        touch = Touch(
            code=people[visitor.referrer].referral_code,
            page_id=page_ids[visitor.language],
            program_id=programs[visitor.language].pk,
            at=min(timezone.now(), occurrence.start) - timedelta(days=10),
        )
        if visitor.meeting == 0:
            registration_create(
                occurrence=occurrence,
                name=visitor.name,
                email=visitor.email,
                touch=touch,
                pay_at_door=True,
            )
            _back_date(visitor, touch, occurrence)
            continue
        _came_to_a_past_breakfast(visitor, touch, occurrence, host)


def _came_to_a_past_breakfast(visitor, touch, occurrence, host) -> None:
    registration = Registration.objects.create(
        occurrence=occurrence,
        name=visitor.name,
        email=visitor.email,
        status=Registration.Status.CONFIRMED,
        confirmed_at=occurrence.start - timedelta(days=7),
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(
        confirmed_count=F("confirmed_count") + 1
    )
    attribution_registered(registration=registration, touch=touch)
    attendance_mark(
        occurrence=occurrence, registration=registration, status="present", by=host
    )
    Attendance.objects.filter(registration=registration).update(
        checked_in_at=occurrence.start
    )
    if visitor.joined:
        _joins(visitor, occurrence)
    _back_date(visitor, touch, occurrence)
    if visitor.handed_over:
        reward = Reward.objects.get(
            attribution__email_key=email_key(visitor.email),
            side=Reward.Side.REFERRER,
        )
        reward_fulfil(reward=reward, by=host)
        Reward.objects.filter(pk=reward.pk).update(
            fulfilled_at=occurrence.start + timedelta(days=28)
        )


def _joins(visitor: DemoVisitor, occurrence: Occurrence) -> None:
    """The visitor made an account, joined the club, and has a place at the
    next breakfast like every member."""
    first, last = visitor.name.split(" ", 1)
    person = User.objects.filter(email=visitor.email).first()
    if person is None:
        person = User.objects.create_user(
            email=visitor.email, first_name=first, last_name=last, password=None
        )
    attribution_signed_up(touch=None, person=person)
    club = occurrence.series.club
    membership, _ = Membership.objects.get_or_create(
        club=club,
        person=person,
        defaults={
            "role": Membership.Role.MEMBER,
            "status": Membership.Status.ACTIVE,
            "joined_at": occurrence.end + timedelta(days=2),
        },
    )
    attribution_joined(membership=membership)
    upcoming = _meeting(club, 0)
    if not upcoming.registrations.filter(email=person.email).exists():
        registration_create(occurrence=upcoming, person=person, pay_at_door=True)


def _back_date(visitor: DemoVisitor, touch: Touch, occurrence: Occurrence) -> None:
    """Move the services' "now" stamps back to when each step happened."""
    attribution = Attribution.objects.get(email_key=email_key(visitor.email))
    past = occurrence.start < timezone.now()
    registered = touch.at + timedelta(days=2)
    Attribution.objects.filter(pk=attribution.pk).update(
        touched_at=touch.at,
        created_at=registered,
        registered_at=registered,
        attended_at=occurrence.start if past else None,
        signed_up_at=occurrence.end + timedelta(days=2) if visitor.joined else None,
        joined_at=occurrence.end + timedelta(days=2) if visitor.joined else None,
    )
    Reward.objects.filter(attribution=attribution).update(granted_at=occurrence.end)


def _meeting(club: Club, offset: int) -> Occurrence:
    """The next scheduled breakfast (0), or one of the past ones (-1, -2)."""
    now = timezone.now()
    meetings = Occurrence.objects.filter(
        series__club=club, status=Occurrence.Status.SCHEDULED
    )
    if offset >= 0:
        return meetings.filter(start__gt=now).order_by("start")[offset]
    return meetings.filter(end__lt=now).order_by("-start")[-offset - 1]


def _hosts_see_rewards() -> None:
    """Hosts read the rewards ledger in the admin (scoped to their clubs)."""
    group, _ = Group.objects.get_or_create(name=HOSTS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="clubs", codename="view_reward")
    )
