"""The first-party cookie that remembers whose share link brought a visitor.

`/r/<code>/<page>/` sets it and redirects to the clean page URL, so the code
never sits in a page (pages stay cacheable for everyone) and the credit
survives any caching layer. The cookie is signed and carries the time of the
first touch; within the window a second member's link does not replace it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

COOKIE = "ref"
SALT = "clubs.attribution"


@dataclass(frozen=True)
class Touch:
    """A visitor followed `code`'s link to a page at `at`."""

    code: str
    page_id: int | None
    program_id: int | None
    at: datetime

    def encode(self) -> str:
        return ":".join(
            [
                self.code,
                str(self.page_id or ""),
                str(self.program_id or ""),
                str(int(self.at.timestamp())),
            ]
        )

    @classmethod
    def decode(cls, value: str) -> "Touch | None":
        try:
            code, page_id, program_id, at = value.split(":")
            return cls(
                code=code,
                page_id=int(page_id) if page_id else None,
                program_id=int(program_id) if program_id else None,
                at=datetime.fromtimestamp(int(at), tz=UTC),
            )
        except ValueError:
            return None


def window() -> timedelta:
    return timedelta(days=settings.REFERRAL_WINDOW_DAYS)


def touch_from_request(request) -> Touch | None:
    """The visitor's first touch, if it is genuine and still within the window."""
    # None when missing, tampered with, or signed longer ago than the window.
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=window())
    if value is None:
        return None
    touch = Touch.decode(value)
    if touch is None or touch.at < timezone.now() - window():
        return None
    return touch


def remember_touch(request, response, touch: Touch) -> bool:
    """Set the cookie unless an earlier touch still holds: first touch wins."""
    if touch_from_request(request) is not None:
        return False
    response.set_signed_cookie(
        COOKIE,
        touch.encode(),
        salt=SALT,
        max_age=int(window().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return True
