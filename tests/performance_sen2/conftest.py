from __future__ import annotations

import pytest
from django.test import Client

from sendcase.core.models import Role

from ..factories import UserFactory


@pytest.fixture
def data_officer(db):
    return UserFactory(username="data", role=Role.DATA_OFFICER)


@pytest.fixture
def data_officer_client(data_officer):
    client = Client()
    client.force_login(data_officer)
    return client


@pytest.fixture(autouse=True)
def _la_code(settings):
    settings.AUTHORITY_LA_CODE = "330"
    # The header's designated officer items: an authority sets them once (blank, check H02 fails).
    settings.SEN2_DMO, settings.SEN2_DCO = "Y", "N"
