"""Fixtures the masterminds tests share; each module makes its own `group`."""

import pytest
from django.utils import timezone

from tests.masterminds.builders import sessions


@pytest.fixture
def held(group):
    """The sessions already held, oldest first."""
    return [s for s in sessions(group) if s.start < timezone.now()]
