"""Control characters: refused where people type, dropped where files are
written.

Names and notes are typed (or pasted) by strangers, and a character such as
ESC (0x1b) has no business in them: it makes XML (the referral graph's SVG)
invalid, breaks XLSX exports and is excluded from iCalendar text. Forms refuse
them beside the field (`clubs.forms.inputs.InputGuard`); multi-line text keeps
tab, line feed and carriage return. Whatever reached the database before is
dropped by the writers of SVG and .ics (spreadsheets: `clubs.spreadsheets`).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's C0 and C1 controls and DEL, and the noncharacters XML refuses.
_CONTROLS = "\x00-\x1f\x7f-\x9f"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
_SINGLE_LINE = re.compile(f"[{_CONTROLS}{_NONCHARACTERS}\u2028\u2029]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
# What XML 1.0 cannot hold at all (tab, newlines and C1 controls it can).
_NOT_IN_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_NONCHARACTERS}]")
# iCalendar TEXT excludes every control but tab; its own line breaks are CRLF.
_NOT_IN_ICALENDAR = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_single_line_text(value) -> None:
    """Refuse controls in a one-line text. A field that has already parsed
    its text into something else (a list of dates) has nothing left to check."""
    if isinstance(value, str) and _SINGLE_LINE.search(value):
        raise ValidationError(
            _("Remove the invisible control characters (such as a line break)."),
            code="control_characters",
        )


def validate_multi_line_text(value) -> None:
    if isinstance(value, str) and _MULTI_LINE.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot contain."""
    return _NOT_IN_XML.sub("", text)


def icalendar_bytes(ical: bytes) -> bytes:
    """A serialised calendar without the controls RFC 5545 text excludes (UTF-8
    never encodes another character with these bytes)."""
    return _NOT_IN_ICALENDAR.sub(b"", ical)
