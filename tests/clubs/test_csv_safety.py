"""One guard for every spreadsheet the site writes: typed text never runs as a
formula, and the admin's XLSX export survives control characters."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSet

from clubs.spreadsheets import csv_writer, safe_cell, xlsx_cell
from clubs.viewsets.exports import SafeExportMixin
from tests.builders import make_occurrence, make_registration, make_user

EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (EVIL, "'" + EVIL),
        ("+SUM(1)", "'+SUM(1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@partner", "'@partner"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+1 312 555 0100", "+1 312 555 0100"),  # a phone number, not a formula
        ("+1 (312) 555-0142", "+1 (312) 555-0142"),
        ("Ana = Ben", "Ana = Ben"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_text_that_starts_like_a_formula_is_quoted(typed, written):
    assert safe_cell(typed) == written


def test_the_csv_writer_guards_every_cell():
    out = io.StringIO()

    csv_writer(out).writerows([["name", "count"], [EVIL, 3]])

    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["name", "count"],
        ["'" + EVIL, "3"],
    ]


def test_xlsx_cells_lose_the_characters_xml_cannot_hold():
    assert xlsx_cell("Gus\x07 Gu\x1best\tok\n") == "Gus Guest\tok\n"
    assert xlsx_cell(7) == 7


# --- The Wagtail admin's exports ------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def export(client, viewset_name, export_format):
    url = reverse(f"{viewset_name}:index") + f"?export={export_format}"
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content if response.streaming else [response])


def test_the_admin_csv_export_quotes_a_guest_who_typed_a_formula(admin_client):
    make_registration(make_occurrence(), name=EVIL, email="evil@example.com")

    content = export(admin_client, "club_registrations", "csv").decode()

    (row,) = csv.DictReader(io.StringIO(content))
    assert row["Name"] == "'" + EVIL
    assert row["Email"] == "evil@example.com"


def test_the_admin_xlsx_export_opens_with_a_control_character_in_a_name(
    admin_client,
):
    make_registration(make_occurrence(), name="Gus\x07 Guest", email="g@example.com")

    content = export(admin_client, "club_registrations", "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    heading, row = sheet.iter_rows(values_only=True)
    assert row[heading.index("Name")] == "Gus Guest"


def test_every_admin_export_goes_through_the_guard(admin_client):
    admin_client.get(reverse("wagtailadmin_home"))  # registers the viewsets
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if type(viewset).__module__.split(".")[0] in {"clubs", "content", "masterminds"}
    ]

    exporting = [viewset for viewset in ours if _exports(viewset)]

    assert {viewset.name for viewset in exporting} >= {
        "club_registrations",
        "club_attendance",
        "rewards",
    }
    for viewset in exporting:
        assert issubclass(viewset.index_view_class, SafeExportMixin), viewset.name


def _exports(viewset) -> bool:
    """What the viewset's index view will export: the viewset's `list_export`,
    or when the viewset leaves it undefined, the view class's own."""
    columns = getattr(viewset, "list_export", ViewSet.UNDEFINED)
    if columns is ViewSet.UNDEFINED:
        view_class = getattr(viewset, "index_view_class", None)
        columns = getattr(view_class, "list_export", [])
    return bool(columns)
