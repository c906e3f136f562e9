"""People as the reports name them."""

from dataclasses import dataclass

from clubs.models import User


@dataclass(frozen=True)
class Person:
    """A member as a report row names them: the four columns it reads, not
    a whole account (building a User runs its field defaults, and a report
    names thousands of people)."""

    pk: int
    first_name: str
    last_name: str
    email: str

    def __str__(self):  # as User.__str__
        return f"{self.first_name} {self.last_name}".strip() or self.email


def people_named(ids) -> dict[int, Person]:
    """The people behind a report's ids, in one query by primary key. The
    aggregates group by id alone: grouping by names too would join every
    person in the site before grouping, and that grows with the site."""
    rows = User.objects.filter(pk__in=set(ids)).values_list(
        "pk", "first_name", "last_name", "email"
    )
    return {row[0]: Person(*row) for row in rows}


def name_key(person: Person) -> tuple:
    """Alphabetical order, for ties."""
    return (person.first_name, person.last_name, person.email)
