"""allauth's sign-up and sign-in forms render as the site's own fields: valid
HTML (Django's password help is a list, which no <span> or <p> may hold),
the help tied to its field, and "Remember me" a check box row of its own."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

pytestmark = pytest.mark.django_db


def form_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser").find(
        "form", method="post"
    )


def test_the_password_help_is_a_list_in_a_block_tied_to_its_field():
    form = form_of(Client().get("/accounts/signup/"))

    assert not form.select("span ul, p ul"), "a list inside a <span> or <p>"
    password = form.find("input", attrs={"name": "password1"})
    help_block = form.find(id=password["aria-describedby"])
    assert help_block.name == "div"
    assert len(help_block.find_all("li")) >= 3


def test_remember_me_is_a_check_box_row_under_the_password():
    form = form_of(Client().get("/accounts/login/"))

    box = form.find("input", attrs={"name": "remember"})
    assert box["type"] == "checkbox"
    label = box.find_parent("label")
    assert label.get_text(strip=True) == "Remember Me"
    row = label.find_parent("div")
    assert "field--checkbox" in row["class"]
    fields = form.find_all("div", class_="field")
    assert fields.index(row) == 2  # after the email and the password


def test_a_mistake_is_shown_beside_its_field_with_a_400():
    response = Client().post(
        "/accounts/signup/",
        {"first_name": "Ana", "last_name": "Ruiz", "email": "not-an-email"},
    )

    assert response.status_code == 400
    email = form_of(response).find("input", attrs={"name": "email"})
    field = email.find_parent("div", class_="field")
    assert "field--error" in field["class"]
    assert field.find(class_="field__errors").get_text(strip=True)
