"""Cells that a spreadsheet opens as data: the one guard every CSV and XLSX the
site writes goes through (its own downloads and the Wagtail admin's exports).

**Formulas.** Names, companies and notes are typed by people, and a cell such
as `=HYPERLINK("http://evil.example","x")` would run as a formula when a host
opens the file (CSV injection). Following OWASP, a text cell starting with
= + - @, a tab or a carriage return is prefixed with a single quote, which
spreadsheets read as "this is text". A phone number such as +1 312 555 0100
is left alone: digits and ( ) . - can make no formula, and a CRM importing
the file would keep a guarding quote as part of the number.

**Characters XLSX refuses.** XML 1.0, and so openpyxl, refuses the control
characters below space but tab, line feed and carriage return; a guest who
pasted one into their name would stop the whole export, so they are dropped.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PHONE_NUMBER = re.compile(r"[+-][0-9 ().+-]*")
# The same characters as openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: text that would start a
    formula gets a leading quote; numbers, dates and other text are kept."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PHONE_NUMBER.fullmatch(value):
        return value
    return "'" + value


def xlsx_cell(value: Any) -> Any:
    """The value without the control characters an XLSX file cannot hold."""
    if isinstance(value, str):
        return _NOT_IN_XLSX.sub("", value)
    return value


def csv_writer(file, **options) -> "SafeCsvWriter":
    """`csv.writer(file)`, with every cell passed through `safe_cell`."""
    return SafeCsvWriter(csv.writer(file, **options))


class SafeCsvWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
