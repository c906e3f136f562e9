"""Issue 13: an agenda that runs past its meeting's end is not published by
accident. Rosa lengthens the referral exchange, presses Publish, reads why it
was held back beside "Publish anyway", ticks it, and publishes."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clubs.selectors.agendas import published_agenda
from clubs.services.agendas import agenda_from_template
from tests.browser.steps import sign_in
from tests.browser.test_host_admin import log_admin_axe, shot
from tests.builders import make_agenda_template, make_club, make_host, make_series

HOST = "rosa@example.com"


def publish(page):
    # Wagtail 8 keeps "Publish" in the footer's dropdown, behind "Save draft".
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()


def test_an_overrunning_agenda_needs_publish_anyway(live_server, desktop):
    club = make_club(name="Riverside Breakfast", slug="riverside")
    make_host(club, email=HOST, first_name="Rosa", last_name="Delgado")
    series = make_series(club, first_date=timezone.localdate() + timedelta(days=1))
    meeting = series.occurrences.order_by("start").first()
    agenda = agenda_from_template(
        occurrence=meeting, template=make_agenda_template(club)
    )
    page = desktop.new_page()
    sign_in(page, live_server, HOST)
    page.goto(
        live_server.url + reverse("wagtailsnippets_clubs_agenda:edit", args=[agenda.pk])
    )

    page.get_by_label(re.compile(r"^\s*Minutes")).nth(2).fill("60")
    publish(page)

    beside_the_box = page.get_by_role("region", name="Publish anyway")
    expect(beside_the_box).to_contain_text(
        "The running order ends at 09:15, 15 minutes after the meeting ends (09:00)."
    )
    expect(page.get_by_role("checkbox", name="Publish anyway")).not_to_be_checked()
    assert published_agenda(meeting) is None
    shot(page, "agenda-overrun", "desktop")
    log_admin_axe(page, "desktop")

    page.get_by_role("checkbox", name="Publish anyway").check()
    publish(page)

    expect(page.get_by_role("status").first).to_contain_text("updated and published")
    live = published_agenda(meeting)
    assert [item.minutes for item in live.items.all()] == [15, 30, 60]
