"""Fixtures for the family portal: a parent linked to one child, and another family's child."""

from __future__ import annotations

import pytest
from django.test import Client

from ..factories import ChildFactory
from .factories import FamilyLinkFactory


@pytest.fixture
def link(db, child, officer):
    return FamilyLinkFactory(child=child, verified_by=officer)


@pytest.fixture
def parent(link):
    return link.user


@pytest.fixture
def parent_client(parent):
    client = Client()
    client.force_login(parent)
    return client


@pytest.fixture
def other_child(db):
    """Another family's child: the parent above must never see anything of theirs."""
    other = ChildFactory(legal_first_name="Other", legal_last_name="Family")
    FamilyLinkFactory(child=other)
    return other
