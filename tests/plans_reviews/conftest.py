import pytest

from .helpers import issued_plan


@pytest.fixture
def plan(officer):
    return issued_plan(officer)
