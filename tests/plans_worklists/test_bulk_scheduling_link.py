"""With one school chosen, the review worklist offers to arrange all its reviews together."""

import pytest

from tests.factories import EstablishmentFactory


@pytest.mark.django_db
def test_choosing_a_school_offers_to_arrange_all_its_reviews(manager_client, read_only_client):
    school = EstablishmentFactory()
    bulk = f"/plans/reviews/bulk/{school.pk}/"
    assert bulk in manager_client.get(f"/reviews/?school={school.pk}").content.decode()
    assert bulk not in manager_client.get("/reviews/").content.decode()
    assert bulk not in read_only_client.get(f"/reviews/?school={school.pk}").content.decode()
