"""The language comes from the path, so pages do not vary on the browser's."""

from django.test import Client


def test_the_language_comes_from_the_path_not_the_browser(db):
    client = Client(headers={"accept-language": "es"})

    english = client.get("/accounts/login/")
    spanish = client.get("/es/accounts/login/")

    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert '<html lang="en">' in english.content.decode()


def test_responses_do_not_vary_on_accept_language(db):
    response = Client().get("/robots.txt")
    page = Client().get("/accounts/login/")

    assert "accept-language" not in response.get("Vary", "").lower()
    assert "accept-language" not in page.get("Vary", "").lower()
    assert "cookie" in page["Vary"].lower()  # a form page is still per visitor
