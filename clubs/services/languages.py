"""A person's language, which the site and the Wagtail admin share.

`User.language` is the one the site writes to a person in (emails, the
pages after sign-in). The admin follows it (clubsite.middleware's
`AdminLanguageMiddleware`) unless the person picked another in the admin's
own account page; once they have, the two are kept in step from whichever
side changes: the member's profile calls `person_language_changed`, the
admin's account page `admin_language_changed` (through a settings panel,
clubs.wagtail_hooks)."""

from django.conf import settings
from django.db import transaction
from wagtail.users.models import UserProfile

from clubs.models import User

# Where Wagtail names a language differently (its Indonesian is "id-id").
ADMIN_CODES = {"id": "id-id"}


def admin_language(language: str) -> str:
    """The admin's code for the site's `language`."""
    return ADMIN_CODES.get(language, language)


def site_language(admin_code: str) -> str:
    """The site's code for the admin's `admin_code`."""
    found = [code for code, admin in ADMIN_CODES.items() if admin == admin_code]
    return found[0] if found else admin_code


def person_language_changed(*, person: User) -> None:
    """The member chose `person.language` on the site: an admin language they
    had chosen follows it (one never chosen already does)."""
    UserProfile.objects.filter(user=person).exclude(preferred_language="").update(
        preferred_language=admin_language(person.language)
    )


@transaction.atomic
def admin_language_changed(*, person: User) -> None:
    """The person chose a language in the admin's account page: the site
    writes to them in it too, when it is one the site speaks."""
    chosen = (
        UserProfile.objects.filter(user=person)
        .values_list("preferred_language", flat=True)
        .first()
    )
    chosen = site_language(chosen or "")
    if chosen in dict(settings.LANGUAGES) and chosen != person.language:
        person.language = chosen
        person.save(update_fields=["language"])
