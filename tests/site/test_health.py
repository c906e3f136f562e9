import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_health_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_says_unavailable_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_load_balancers_reach_health_by_private_address_over_http(client, settings):
    settings.ALLOWED_HOSTS = ["clubs.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200


def test_other_pages_still_check_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["clubs.example.com"]

    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400
