"""Demo people and categories for `manage.py seed_demo`. Safe to run repeatedly."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission

from clubs.models import Category, User
from clubs.selectors.clubs import EDITORS_GROUP

DEMO_PASSWORD = "demo-pass-2026"
HOSTS_GROUP = "Hosts"

CATEGORIES = [
    "Accounting",
    "Commercial insurance",
    "Family law",
    "Florist",
    "Mortgage broker",
    "Photography",
    "Real estate",
    "Web design",
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    business_name: str
    category: str
    time_zone: str
    bio: str
    host: bool = False
    editor: bool = False


PEOPLE = [
    DemoPerson(
        "rosa.delgado@example.com",
        "Rosa",
        "Delgado",
        "Delgado Commercial Cover",
        "Commercial insurance",
        "America/Chicago",
        "I insure restaurants, salons and workshops. A great referral for me is "
        "an owner who just signed a lease.",
        host=True,
    ),
    DemoPerson(
        "marcus.bell@example.com",
        "Marcus",
        "Bell",
        "Bell & Ortiz Bookkeeping",
        "Accounting",
        "America/Chicago",
        "Monthly books and payroll for businesses with 2 to 40 people.",
    ),
    DemoPerson(
        "priya.natarajan@example.com",
        "Priya",
        "Natarajan",
        "Lanternfish Studio",
        "Web design",
        "America/Chicago",
        "Websites that get local service businesses found and booked.",
    ),
    DemoPerson(
        "tomas.herrera@example.com",
        "Tomás",
        "Herrera",
        "Herrera Home Loans",
        "Mortgage broker",
        "America/Chicago",
        "First homes and refinances; I answer the phone on Saturdays.",
    ),
    DemoPerson(
        "grace.okafor@example.com",
        "Grace",
        "Okafor",
        "Okafor Family Law",
        "Family law",
        "Europe/London",
        "Calm, practical help with separations, custody and wills.",
        host=True,
        editor=True,
    ),
    DemoPerson(
        "lena.fischer@example.com",
        "Lena",
        "Fischer",
        "Fischer Frames",
        "Photography",
        "Europe/Berlin",
        "Headshots and team photos for people who hate having their picture taken.",
    ),
]

DEMO_HOST = PEOPLE[0]
DEMO_MEMBER = PEOPLE[1]
DEMO_EDITOR = PEOPLE[4]


def seed() -> dict[str, User]:
    categories = {
        name: Category.objects.get_or_create(name=name)[0] for name in CATEGORIES
    }
    hosts = _hosts_group()
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    people = {}
    for person in PEOPLE:
        user, _ = User.objects.update_or_create(
            email=person.email,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "business_name": person.business_name,
                "category": categories[person.category],
                "time_zone": person.time_zone,
                "bio": person.bio,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        if person.host:
            user.groups.add(hosts)
        if person.editor:
            user.groups.add(editors)
        people[person.email] = user
    return people


def _hosts_group() -> Group:
    """Hosts work in the Wagtail admin; their rights grow as the apps do.
    The admin shows each host only the clubs they host (clubs/viewsets.py)."""
    group, _ = Group.objects.get_or_create(name=HOSTS_GROUP)
    codenames = [
        "add_category",
        "change_category",
        "view_category",
        "add_club",
        "change_club",
        "view_club",
        "change_membership",
        "view_membership",
        "add_series",
        "change_series",
        "view_series",
        "change_occurrence",
        "view_occurrence",
        "view_registration",
        "view_attendance",
        "view_payment",
        "view_refund",
        "add_agenda",
        "change_agenda",
        "delete_agenda",
        "publish_agenda",
        "view_agenda",
        "add_agendatemplate",
        "change_agendatemplate",
        "delete_agendatemplate",
        "view_agendatemplate",
        "view_reward",
    ]
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        *Permission.objects.filter(
            content_type__app_label="clubs", codename__in=codenames
        ),
    )
    return group
