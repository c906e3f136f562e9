"""The demo mastermind for `manage.py seed_demo`. Safe to run repeatedly."""

import random
from datetime import time, timedelta

import recurrence
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from clubs.demo.meetings import past_attendance
from clubs.demo.people import (
    DEMO_PASSWORD,
    HOSTS_GROUP,
)
from clubs.demo.translations import Versions, translate
from clubs.models import (
    Agenda,
    AgendaItemKind,
    AgendaTemplate,
    Category,
    Club,
    Membership,
    Occurrence,
    Series,
    User,
)
from clubs.services.locks import occurrence_lock
from clubs.services.meetings import series_create
from masterminds.models import Application, Commitment, MastermindGroup
from masterminds.selectors import seated_members, sessions
from masterminds.services.agendas import session_agenda_build
from masterminds.services.applications import application_submit
from masterminds.services.commitments import commitment_mark, commitment_record
from masterminds.services.groups import mastermind_create
from masterminds.services.places import session_places_keep
from masterminds.services.sessions import hot_seats_fill, hot_seats_propose

FACILITATOR_PERMISSIONS = [
    "add_mastermindgroup",
    "change_mastermindgroup",
    "view_mastermindgroup",
    "change_application",
    "view_application",
    "change_hotseat",
    "view_hotseat",
]


def facilitators_work_in_admin() -> Group:
    """Facilitators are hosts: the Hosts group gets the masterminds admin, which
    shows each of them only the groups they facilitate."""
    group, _ = Group.objects.get_or_create(name=HOSTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="masterminds",
            codename__in=FACILITATOR_PERMISSIONS,
        )
    )
    return group


# --- The demo group -----------------------------------------------------------

GROUP_SLUG = "referral-mastermind"
FACILITATOR = "rosa.delgado@example.com"
# Seven seats taken, one per category; Rosa facilitates and takes none.
MEMBERS = [
    "marcus.bell@example.com",
    "priya.natarajan@example.com",
    "tomas.herrera@example.com",
    "grace.okafor@example.com",
    "lena.fischer@example.com",
    "nadia.florez@example.com",
    "owen.park@example.com",
]
EXTRA_PEOPLE = [
    # email, first name, last name, business, category
    ("nadia.florez@example.com", "Nadia", "Florez", "Petal & Stem", "Florist"),
    ("owen.park@example.com", "Owen", "Park", "Park Lane Realty", "Real estate"),
    (
        "sam.whitaker@example.com",
        "Sam",
        "Whitaker",
        "Whitaker Risk Advisors",
        "Commercial insurance",
    ),
]
APPLICANT = "sam.whitaker@example.com"
SESSION_ORDER = [
    (AgendaItemKind.WINS, "Wins", 10),
    (AgendaItemKind.TRAINING, "Training topic", 20),
    (AgendaItemKind.HOT_SEATS, "Hot seat", 20),
    (AgendaItemKind.HOT_SEATS, "Hot seat", 20),
    (AgendaItemKind.REFERRAL_EXCHANGE, "Referral exchange", 10),
    (AgendaItemKind.COMMITMENTS, "Commitments", 10),
]
COMMITMENTS = [
    "Call five past clients and ask who else they know.",
    "Send the partner list to the two agents I met.",
    "Publish the pricing page and test it with three customers.",
    "Book a coffee with the new florist on Clark Street.",
    "Write down my referral ask in one sentence and use it twice.",
    "Follow up the three quotes still open.",
]
FOURTH_TUESDAY = recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(1, 4)])
THIRD_WEDNESDAY = recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(2, 3)])


def seed(people: dict[str, User]) -> MastermindGroup:
    """One group with seven of eight seats taken, a pending application, a
    monthly training at the public breakfast club, six months of sessions
    with attendance, hot seats and commitments, and the next session's agenda
    published."""
    facilitators_work_in_admin()
    people = {**people, **_extra_people()}
    group = _group(people[FACILITATOR])
    _venue(group)
    _seats(group, [people[email] for email in MEMBERS])
    _series(group)
    group.agenda_template = _template(group)
    translate(TRANSLATIONS)  # before the next session's agenda copies the template
    # A seat costs USD 150.00 a month (in cents); paid to the facilitator
    # until Stripe is set up.
    group.seat_price, group.seat_currency, group.seat_interval = 15000, "USD", "month"
    group.full_clean()
    group.save()
    _history(group)
    _next_session(group, people[FACILITATOR])
    _application(group, people[APPLICANT])
    session_places_keep(group=group)  # members are expected at every session
    translate(TRANSLATIONS)
    return group


def _extra_people() -> dict[str, User]:
    people = {}
    for email, first, last, business, category in EXTRA_PEOPLE:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "business_name": business,
                "category": Category.objects.get_or_create(name=category)[0],
                "time_zone": "America/Chicago",
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[email] = user
    return people


def _group(facilitator: User) -> MastermindGroup:
    existing = MastermindGroup.objects.filter(club__slug=GROUP_SLUG).first()
    if existing:
        return existing
    return mastermind_create(
        name="Referral Mastermind",
        slug=GROUP_SLUG,
        time_zone="America/Chicago",
        by=facilitator,
        description="Eight owners who refer to each other, one per trade. We "
        "meet on the fourth Tuesday: wins, a short training, two hot seats, "
        "the referral exchange and what each of us commits to next.",
        seat_limit=8,
        hot_seats_per_session=2,
    )


def _venue(group: MastermindGroup) -> None:
    club = group.club
    if not (club.venue_name or club.venue_address):
        club.venue_name = "Lakeview Loft, meeting room 2"
        club.venue_address = "2 N Clark St, Chicago, IL 60602"
        club.save(update_fields=["venue_name", "venue_address", "updated_at"])


def _seats(group: MastermindGroup, members: list[User]) -> None:
    """Seated before the first session, in this order (the rotation's)."""
    joined = timezone.now() - timedelta(days=200)
    for offset, person in enumerate(members):
        Membership.objects.update_or_create(
            club=group.club,
            person=person,
            defaults={
                "role": Membership.Role.MEMBER,
                "status": Membership.Status.ACTIVE,
                "joined_at": joined + timedelta(minutes=offset),
            },
        )


def _series(group: MastermindGroup) -> None:
    start = timezone.localdate() - timedelta(days=185)
    if group.session_series is None:
        group.session_series = series_create(
            club=group.club,
            title="Mastermind session",
            recurrence=recurrence.Recurrence(rrules=[FOURTH_TUESDAY]),
            first_date=start,
            start_time=time(7, 30),
            duration=timedelta(minutes=90),
            guests_allowed=False,
        )
    if group.training_series is None:
        breakfast = Club.objects.get(slug="northside-breakfast")
        group.training_series = Series.objects.filter(
            club=breakfast, title=TRAINING_TITLE
        ).first() or series_create(
            club=breakfast,
            title=TRAINING_TITLE,
            recurrence=recurrence.Recurrence(rrules=[THIRD_WEDNESDAY]),
            first_date=start,
            start_time=time(18, 0),
            duration=timedelta(minutes=60),
            capacity=40,
            purpose=Series.Purpose.TRAINING,
        )
    _training_template(group.training_series)


TRAINING_ORDER = [
    (AgendaItemKind.WELCOME, "Welcome", 5),
    (AgendaItemKind.TRAINING, "Training", 40),
    (AgendaItemKind.OTHER, "Questions", 10),
    (AgendaItemKind.OTHER, "How to join the mastermind", 5),
]


def _training_template(series: Series) -> AgendaTemplate:
    """The training's own running order, offered for the training's dates
    instead of the breakfast's (the breakfast template names its series)."""
    template, created = AgendaTemplate.objects.get_or_create(
        name="Training running order", club=series.club
    )
    if created:
        for kind, title, minutes in TRAINING_ORDER:
            template.items.add(
                template.items.model(kind=kind, title=title, minutes=minutes)
            )
        template.save()
    template.series.add(series)
    return template


TRAINING_TITLE = "Referral skills training (open to guests)"

# The group's text in Spanish, Indonesian and Russian (clubs/demo/translations.py).
TRANSLATIONS: Versions = {
    "Referral Mastermind": {
        "es": "Mastermind de Recomendaciones",
        "id": "Mastermind Rekomendasi",
        "ru": "Мастермайнд по рекомендациям",
    },
    "Eight owners who refer to each other, one per trade. We meet on the fourth "
    "Tuesday: wins, a short training, two hot seats, the referral exchange and "
    "what each of us commits to next.": {
        "es": "Ocho dueños de negocio, uno por oficio, que se recomiendan entre "
        "sí. Nos vemos el cuarto martes: logros, una formación breve, dos "
        "sillas calientes, el intercambio de recomendaciones y el compromiso "
        "de cada uno para el mes.",
        "id": "Delapan pemilik usaha, satu dari tiap bidang, yang saling "
        "merekomendasikan. Kami bertemu setiap Selasa keempat: cerita "
        "keberhasilan, pelatihan singkat, dua sesi kursi panas, tukar "
        "rekomendasi, dan komitmen masing-masing untuk bulan berikutnya.",
        "ru": "Восемь владельцев бизнеса — по одному из каждой сферы — "
        "рекомендуют друг друга. Встречаемся в четвёртый вторник: успехи, "
        "короткое обучение, два «горячих стула», обмен рекомендациями и "
        "обещания каждого на следующий месяц.",
    },
    "Mastermind session": {
        "es": "Sesión del mastermind",
        "id": "Sesi mastermind",
        "ru": "Встреча мастермайнда",
    },
    TRAINING_TITLE: {
        "es": "Taller de recomendaciones (abierto a invitados)",
        "id": "Pelatihan keterampilan rekomendasi (terbuka untuk tamu)",
        "ru": "Тренинг: как получать рекомендации (гости приглашаются)",
    },
    "Training running order": {
        "es": "Programa del taller",
        "id": "Susunan acara pelatihan",
        "ru": "Программа тренинга",
    },
    "Welcome": {"es": "Bienvenida", "id": "Pembukaan", "ru": "Приветствие"},
    "Training": {"es": "Taller", "id": "Materi pelatihan", "ru": "Тренинг"},
    "Questions": {
        "es": "Preguntas",
        "id": "Tanya jawab",
        "ru": "Вопросы и ответы",
    },
    "How to join the mastermind": {
        "es": "Cómo unirse al mastermind",
        "id": "Cara bergabung dengan mastermind",
        "ru": "Как попасть в мастермайнд",
    },
    "Wins": {"es": "Logros del mes", "id": "Cerita keberhasilan", "ru": "Успехи"},
    "Training topic": {
        "es": "Tema de formación",
        "id": "Topik pelatihan",
        "ru": "Тема обучения",
    },
    "Hot seat": {
        "es": "Silla caliente",
        "id": "Kursi panas",
        "ru": "Горячий стул",
    },
    "Referral exchange": {
        "es": "Intercambio de recomendaciones",
        "id": "Tukar rekomendasi",
        "ru": "Обмен рекомендациями",
    },
    "Bring one number from last month you are proud of.": {
        "es": "Trae una cifra del mes pasado de la que estés orgulloso.",
        "id": "Bawa satu angka dari bulan lalu yang membuat Anda bangga.",
        "ru": "Принесите одну цифру за прошлый месяц, которой вы гордитесь.",
    },
    "Commitments": {
        "es": "Compromisos",
        "id": "Komitmen",
        "ru": "Обещания на месяц",
    },
}


def _template(group: MastermindGroup) -> AgendaTemplate:
    template, created = AgendaTemplate.objects.get_or_create(
        name="Mastermind session", club=group.club
    )
    if created:
        for kind, title, minutes in SESSION_ORDER:
            template.items.add(
                template.items.model(kind=kind, title=title, minutes=minutes)
            )
        template.save()  # a cluster keeps its items in memory until saved
    return template


def _history(group: MastermindGroup) -> None:
    """Each past session in turn: hot seats from the rotation (so they are
    fair), attendance, and each member's commitment, marked at the next
    session except the last one's, which come back on the next agenda."""
    rng = random.Random(group.pk)
    members = seated_members(group)
    past = list(sessions(group).filter(end__lt=timezone.now()))
    for number, occurrence in enumerate(past):
        if occurrence.registrations.exists():
            continue
        occurrence_lock(occurrence)
        hot = {
            seat.member_id
            for seat in hot_seats_fill(group=group, occurrence=occurrence)
        }
        for person in members:
            status = "present" if person.pk in hot else _attendance(rng)
            past_attendance(occurrence, person, status)
            if status in ("present", "late"):
                commitment_record(
                    occurrence=occurrence,
                    member=person,
                    text=rng.choice(COMMITMENTS),
                    by=person,
                )
        Occurrence.objects.filter(pk=occurrence.pk).update(confirmed_count=len(members))
        if number > 0:
            _mark(past[number - 1], rng)


def _attendance(rng: random.Random) -> str:
    return rng.choices(["present", "late", "absent", "excused"], [12, 2, 1, 1])[0]


def _mark(occurrence: Occurrence, rng: random.Random) -> None:
    for commitment in occurrence.commitments.filter(status=Commitment.Status.OPEN):
        status = rng.choices(Commitment.MARKS, [6, 3, 1])[0]
        commitment_mark(commitment=commitment, status=status, by=commitment.member)


def _next_session(group: MastermindGroup, facilitator: User) -> None:
    upcoming = sessions(group).filter(start__gt=timezone.now()).first()
    if upcoming is None:
        return
    if not upcoming.hot_seats.exists():
        hot_seats_propose(occurrence=upcoming)
    if not Agenda.objects.filter(occurrence=upcoming).exists():
        draft = session_agenda_build(occurrence=upcoming, user=facilitator)
        draft.intro = "Bring one number from last month you are proud of."
        draft.save_revision(user=facilitator).publish()


def _application(group: MastermindGroup, applicant: User) -> None:
    if Application.objects.filter(group=group, person=applicant).exists():
        return
    application_submit(
        group=group,
        person=applicant,
        wants="Peers who hold me to my plans, and partners to refer clients to.",
        business="Commercial insurance for contractors and food trucks.",
        category=applicant.category,
    )
