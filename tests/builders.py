"""Small helpers that build just the rows a test needs."""

from itertools import count

from clubs.models import Category, User

PASSWORD = "correct-horse-battery-staple"
_sequence = count(1)


def make_user(**fields) -> User:
    n = next(_sequence)
    fields.setdefault("email", f"person{n}@example.com")
    fields.setdefault("first_name", "Person")
    fields.setdefault("last_name", f"Number{n}")
    return User.objects.create_user(password=PASSWORD, **fields)


def make_category(name: str | None = None) -> Category:
    return Category.objects.create(name=name or f"Category {next(_sequence)}")
