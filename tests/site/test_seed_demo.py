import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from clubs.demo import DEMO_EDITOR, DEMO_HOST, DEMO_MEMBER, DEMO_PASSWORD
from clubs.models import Category, User
from content.models import HomePage

pytestmark = pytest.mark.django_db


def row_counts():
    return (User.objects.count(), Category.objects.count(), Revision.objects.count())


def test_seed_demo_twice_gives_the_same_site(capsys):
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")

    assert row_counts() == first
    assert first[0] >= 5
    printed = capsys.readouterr().out
    assert DEMO_HOST.email in printed and DEMO_MEMBER.email in printed


def test_the_printed_logins_work_and_only_the_host_reaches_the_admin(client):
    call_command("seed_demo")

    assert client.login(email=DEMO_HOST.email, password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(email=DEMO_MEMBER.email, password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 302


def test_the_demo_editor_can_edit_the_home_page(client):
    call_command("seed_demo")
    home = HomePage.objects.get()

    assert client.login(email=DEMO_EDITOR.email, password=DEMO_PASSWORD)
    response = client.get(f"/admin/pages/{home.pk}/edit/")

    assert response.status_code == 200
    assert "Grow your business" in response.content.decode()


def test_the_demo_home_page_invites_people_in(client):
    call_command("seed_demo")

    assert "Come as a guest" in client.get("/").content.decode()


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()
