"""The hosts' admin, tried in Riverside Breakfast, which Rosa hosts."""

import pytest


@pytest.fixture
def club(riverside_club):
    return riverside_club


@pytest.fixture
def host(rosa):
    return rosa
