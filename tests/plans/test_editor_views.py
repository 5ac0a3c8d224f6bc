"""The plan pages: overview, section editor (every section), add-another without JavaScript, error
summary, stale saves, check-and-issue, read-only version, permissions and audit."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse
from django.utils.html import escape

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.plans.models import PlanVersion, VersionStatus
from sendcase.plans.services import versions as services
from tests.factories import EstablishmentFactory

from .test_versions_support import complete_content, first_version, issued_plan

pytestmark = pytest.mark.django_db


def edit_url(version: PlanVersion, section: str) -> str:
    return reverse(
        "plans:draft_edit", kwargs={"pk": version.plan_id, "version_pk": version.pk, "section": section}
    )


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


@pytest.fixture
def draft(officer):
    plan = issued_plan(officer)
    return services.draft_start(acting_user=officer, plan=plan)


def reload(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.get(pk=version.pk)


def test_overview_lists_versions_and_offers_a_first_draft(officer_client, officer):
    plan = issued_plan(officer)
    html = officer_client.get(f"/plans/{plan.pk}/").content.decode()
    # Names are HTML-escaped on the page (a generated surname may hold an apostrophe).
    assert "EHC plan" in html and escape(plan.child.full_name) in html
    assert "Record the plan&#x27;s content" in html or "Record the plan's content" in html
    response = officer_client.post(reverse("plans:draft_start", kwargs={"pk": plan.pk}))
    version = plan.versions.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:draft_summary", kwargs={"pk": plan.pk, "version_pk": version.pk}
    )
    html = officer_client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Version 1" in html and "Draft" in html and "Continue the draft of version 1" in html


def test_section_a_round_trip(officer_client, draft):
    url = edit_url(draft, "A")
    assert "Section A: views, interests and aspirations" in officer_client.get(url).content.decode()
    response = officer_client.post(
        url,
        {
            "lock_version": "1",
            "views": "Likes trains",
            "interests": "Lego",
            "aspirations": "Vet",
            "then": "next",
        },
    )
    assert response.status_code == 302 and response["Location"] == edit_url(draft, "B")
    stored = reload(draft)
    assert stored.content["A"] == {"views": "Likes trains", "interests": "Lego", "aspirations": "Vet"}
    assert stored.lock_version == 2
    assert "Likes trains" in officer_client.get(url).content.decode()


def test_section_b_needs_get_ids_and_ranks(officer_client, draft):
    data = {"lock_version": "1", "then": "summary"} | formset(
        "needs",
        [
            {"id": "", "code": "ASD", "rank": "1", "description": "Routine"},
            {"id": "", "code": "", "rank": "", "description": ""},  # an empty row is ignored
            {"id": "", "code": "SLCN", "rank": "2", "description": "Language"},
        ],
    )
    response = officer_client.post(edit_url(draft, "B"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:draft_summary", kwargs={"pk": draft.plan_id, "version_pk": draft.pk}
    )
    needs = reload(draft).content["B"]["needs"]
    assert needs == [
        {"id": "N1", "code": "ASD", "rank": 1, "description": "Routine"},
        {"id": "N2", "code": "SLCN", "rank": 2, "description": "Language"},
    ]


def test_errors_are_summarised_and_shown_against_the_field(officer_client, draft):
    data = {"lock_version": "1"} | formset(
        "needs",
        [
            {"id": "", "code": "ASD", "rank": "1", "description": "Routine"},
            {"id": "", "code": "", "rank": "1", "description": "Second"},
        ],
    )
    response = officer_client.post(edit_url(draft, "B"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_needs-1-code"' in html and "Select the type of need" in html
    assert 'href="#id_needs-1-rank"' in html and "Only one need can be the primary need" in html
    assert 'id="id_needs-1-code-error"' in html
    assert "<title>Error:" in html
    assert reload(draft).lock_version == 1


def test_add_another_outcome_without_javascript(officer_client, officer, draft):
    content = copy.deepcopy(draft.content)
    content["B"]["needs"] = complete_content()["B"]["needs"]
    draft = services.draft_save(acting_user=officer, version=draft, expected_lock_version=1, content=content)
    rows = [{"id": "", "text": "Half typed", "timescale": "", "needs": ["N1"]}]
    data = {"lock_version": str(draft.lock_version), "add": "outcomes"} | formset("outcomes", rows)
    response = officer_client.post(edit_url(draft, "E"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outcome 2" in html and 'name="outcomes-1-text"' in html
    assert "Half typed" in html  # what was typed is kept
    assert "There is a problem" not in html  # adding a row does not validate
    assert 'type="checkbox" value="N1" checked' in html and 'type="checkbox" value="N2"' in html
    assert reload(draft).lock_version == draft.lock_version  # nothing saved


def test_section_e_links_outcomes_to_needs_and_refuses_unknown_needs(officer_client, officer, draft):
    content = copy.deepcopy(draft.content)
    content["B"]["needs"] = complete_content()["B"]["needs"]
    draft = services.draft_save(acting_user=officer, version=draft, expected_lock_version=1, content=content)
    url = edit_url(draft, "E")
    assert "Autistic spectrum disorder (rank 1)" in officer_client.get(url).content.decode()
    missing = {"lock_version": "2"} | formset("outcomes", [{"id": "", "text": "Calm", "timescale": "July"}])
    html = officer_client.post(url, missing).content.decode()
    assert "Select the needs this outcome answers" in html and 'href="#id_outcomes-0-needs_0"' in html
    ok = {"lock_version": "2"} | formset(
        "outcomes", [{"id": "", "text": "Calm", "timescale": "by July 2027", "needs": ["N1", "N2"]}]
    )
    assert officer_client.post(url, ok).status_code == 302
    assert reload(draft).content["E"]["outcomes"] == [
        {"id": "E1", "text": "Calm", "timescale": "by July 2027", "needs": ["N1", "N2"]}
    ]


def test_section_f_requires_quantified_provision(officer_client, officer, draft):
    content = complete_content()
    content["F"]["items"] = []
    draft = services.draft_save(acting_user=officer, version=draft, expected_lock_version=1, content=content)
    url = edit_url(draft, "F")
    row = {"id": "", "what": "Speech therapy", "who": "SALT", "frequency": "as required", "duration": ""}
    html = officer_client.post(
        url, {"lock_version": "2"} | formset("f", [row | {"outcomes": ["E1"]}])
    ).content
    html = html.decode()
    assert "“as required” is not specific" in html and "Enter for how long" in html
    assert 'href="#id_f-0-duration"' in html
    row |= {"frequency": "Weekly, 45 minutes", "duration": "Until July 2027", "group_size": "1:1"}
    assert (
        officer_client.post(
            url, {"lock_version": "2"} | formset("f", [row | {"outcomes": ["E1"]}])
        ).status_code
        == 302
    )
    assert reload(draft).content["F"]["items"][0]["id"] == "F1"


def test_removing_a_need_an_outcome_answers_is_refused_with_a_link_to_section_e(
    officer_client, officer, draft
):
    draft = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=complete_content()
    )
    rows = [
        {"id": "N1", "code": "ASD", "rank": "1", "description": "Routine", "DELETE": "on"},
        {"id": "N2", "code": "SLCN", "rank": "2", "description": "Language"},
    ]
    html = officer_client.post(
        edit_url(draft, "B"), {"lock_version": "2"} | formset("needs", rows, 2)
    ).content
    html = html.decode()
    assert "Section E: There is no need N1 in this plan" in html
    assert f'href="{edit_url(draft, "E")}"' in html
    assert reload(draft).content == complete_content()


@pytest.mark.parametrize("section", ["C", "D"])
def test_text_sections_round_trip(officer_client, draft, section):
    response = officer_client.post(edit_url(draft, section), {"lock_version": "1", "description": "Asthma"})
    assert response.status_code == 302
    assert reload(draft).content[section] == {"description": "Asthma"}


def test_sections_g_and_h_round_trip(officer_client, officer, draft):
    draft = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=complete_content()
    )
    item = {"id": "", "what": "Physiotherapy", "who": "Physiotherapist", "frequency": "", "duration": ""}
    assert (
        officer_client.post(edit_url(draft, "G"), {"lock_version": "2"} | formset("g", [item])).status_code
        == 302
    )
    data = {"lock_version": "3"} | formset("h1", [item | {"what": "Short breaks"}]) | formset("h2", [])
    assert officer_client.post(edit_url(draft, "H"), data).status_code == 302
    content = reload(draft).content
    assert content["G"]["items"][0]["what"] == "Physiotherapy" and content["G"]["items"][0]["id"] == "G1"
    assert content["H1"]["items"][0]["what"] == "Short breaks" and content["H2"]["items"] == []


def test_section_i_names_a_school_by_urn(officer_client, draft):
    school = EstablishmentFactory(urn=123456)
    url = edit_url(draft, "I")
    html = officer_client.post(url, {"lock_version": "1", "urn": "999", "setting_type": ""}).content.decode()
    assert "There is no school or setting with URN 999" in html
    response = officer_client.post(url, {"lock_version": "1", "urn": "123456", "setting_type": "mainstream"})
    assert response.status_code == 302
    assert reload(draft).content["I"] == {"establishment_id": school.pk, "setting_type": "mainstream"}
    assert 'value="123456"' in officer_client.get(url).content.decode()


def test_section_j_personal_budget(officer_client, draft):
    url = edit_url(draft, "J")
    bad = {"lock_version": "1", "kinds": ["none", "health"], "amount_education": "12"}
    html = officer_client.post(url, bad).content.decode()
    assert "on its own" in html and "Select Education to give an amount for it" in html
    assert 'href="#id_amount_education"' in html
    good = {"lock_version": "1", "kinds": ["health"], "amount_health": "£1,200.50", "notes": "Therapy"}
    assert officer_client.post(url, good).status_code == 302
    assert reload(draft).content["J"] == {
        "kinds": ["health"],
        "amounts": {"health": "1200.50"},
        "notes": "Therapy",
    }


def test_section_k_advice_with_dates(officer_client, draft):
    row = {
        "id": "",
        "adviser": "Dr Example",
        "date_0": "3",
        "date_1": "2",
        "date_2": "2025",
        "title": "EP report",
    }
    response = officer_client.post(
        edit_url(draft, "K"), {"lock_version": "1", "then": "next"} | formset("advice", [row])
    )
    assert response.status_code == 302  # K is the last section: "next" goes to the summary
    assert reload(draft).content["K"]["advice"] == [
        {"adviser": "Dr Example", "date": "2025-02-03", "title": "EP report"}
    ]
    html = officer_client.get(edit_url(draft, "K")).content.decode()
    assert 'name="advice-0-date_0" type="text" inputmode="numeric" value="3"' in html


def test_a_stale_save_is_refused_and_shown(officer_client, officer, other_officer, draft):
    content = copy.deepcopy(draft.content)
    content["A"]["views"] = "Saved by the other officer"
    services.draft_save(acting_user=other_officer, version=draft, expected_lock_version=1, content=content)
    response = officer_client.post(edit_url(draft, "A"), {"lock_version": "1", "views": "Mine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this draft" in html and "nothing was overwritten" in html
    assert "Open the latest saved version of this section" in html
    assert reload(draft).content["A"]["views"] == "Saved by the other officer"


def test_summary_lists_every_section_with_change_links_and_issues(officer_client, officer, draft):
    url = reverse("plans:draft_summary", kwargs={"pk": draft.plan_id, "version_pk": draft.pk})
    html = officer_client.get(url).content.decode()
    for title in ("Section A", "Section B", "Section H1", "Section H2", "Section K"):
        assert title in html
    assert edit_url(draft, "H") in html
    assert "This draft cannot be issued until these are put right" in html
    assert "Issue this version</button>" not in html
    draft = services.draft_save(
        acting_user=officer, version=draft, expected_lock_version=1, content=complete_content()
    )
    html = officer_client.get(url).content.decode()
    assert "Issue this version" in html and "cannot be issued" not in html
    plan = draft.plan
    issue_url = reverse("plans:version_issue", kwargs={"pk": plan.pk, "version_pk": draft.pk})
    d = plan.issued_on
    wrong = {"lock_version": "2", "issued_on_0": "1", "issued_on_1": "1", "issued_on_2": "2001"}
    html = officer_client.post(issue_url, wrong).content.decode()
    assert "This is the plan issued on" in html and 'href="#id_issued_on_0"' in html
    right = {
        "lock_version": "2",
        "issued_on_0": str(d.day),
        "issued_on_1": str(d.month),
        "issued_on_2": str(d.year),
    }
    response = officer_client.post(issue_url, right)
    assert response.status_code == 302
    assert reload(draft).status == VersionStatus.ISSUED
    # An issued version's editor and summary send you to the read-only page.
    assert officer_client.get(edit_url(draft, "A"))["Location"].endswith(f"/versions/{draft.pk}/")
    html = officer_client.get(f"/plans/{plan.pk}/versions/{draft.pk}/").content.decode()
    assert "Issued" in html and "Autistic spectrum disorder" in html and "Change" not in html


def test_withdraw_from_the_summary(officer_client, draft):
    url = reverse("plans:draft_withdraw", kwargs={"pk": draft.plan_id, "version_pk": draft.pk})
    assert officer_client.post(url, {"lock_version": "1"}).status_code == 302
    assert reload(draft).status == VersionStatus.WITHDRAWN


def test_start_an_amendment_from_the_overview(officer_client, officer):
    plan = issued_plan(officer)
    first_version(officer, plan)
    url = reverse("plans:draft_start", kwargs={"pk": plan.pk})
    assert officer_client.post(url, {}).status_code == 302
    assert plan.versions.count() == 1  # refused: no reason chosen
    assert officer_client.post(url, {"kind": "amendment"}).status_code == 302
    assert plan.versions.get(number=2).kind == "amendment"


def test_read_only_users_see_but_cannot_change(read_only_client, officer, draft):
    plan_url = f"/plans/{draft.plan_id}/"
    summary = reverse("plans:draft_summary", kwargs={"pk": draft.plan_id, "version_pk": draft.pk})
    assert read_only_client.get(plan_url).status_code == 200
    html = read_only_client.get(summary).content.decode()
    assert "Section A" in html and "Issue this version" not in html and "Change" not in html
    assert read_only_client.get(f"/plans/{draft.plan_id}/versions/{draft.pk}/").status_code == 200
    posts = [
        (edit_url(draft, "A"), {"lock_version": "1", "views": "x"}),
        (reverse("plans:draft_start", kwargs={"pk": draft.plan_id}), {}),
        (reverse("plans:version_issue", kwargs={"pk": draft.plan_id, "version_pk": draft.pk}), {}),
        (reverse("plans:draft_withdraw", kwargs={"pk": draft.plan_id, "version_pk": draft.pk}), {}),
    ]
    for url, data in posts:
        assert read_only_client.post(url, data).status_code == 403
    assert reload(draft).lock_version == 1 and reload(draft).status == VersionStatus.DRAFT


def test_outsiders_get_403_everywhere(outsider_client, draft):
    # A family account is refused every staff page (403) before any record is looked up, so whether the
    # record exists is never revealed.
    pk, vpk = draft.plan_id, draft.pk
    for url in (
        f"/plans/{pk}/",
        f"/plans/{pk}/versions/{vpk}/",
        f"/plans/{pk}/versions/{vpk}/check/",
        edit_url(draft, "A"),
        f"/plans/{pk}/compare/",
        "/plans/999999/",
    ):
        assert outsider_client.get(url).status_code == 403
    assert outsider_client.post(edit_url(draft, "A"), {"lock_version": "1"}).status_code == 403


def test_a_version_of_another_plan_or_an_unknown_section_is_404(officer_client, officer, draft):
    other = issued_plan(officer)
    assert officer_client.get(f"/plans/{other.pk}/versions/{draft.pk}/").status_code == 404
    assert officer_client.get(edit_url(draft, "Z")).status_code == 404


def test_views_of_a_plan_are_audited_against_the_child(officer_client, draft):
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    officer_client.get(f"/plans/{draft.plan_id}/")
    officer_client.get(f"/plans/{draft.plan_id}/versions/{draft.pk}/")
    officer_client.get(reverse("plans:draft_summary", kwargs={"pk": draft.plan_id, "version_pk": draft.pk}))
    officer_client.get(f"/plans/{draft.plan_id}/compare/")
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW).order_by("id")[before:]
    assert len(entries) == 4
    assert {e.object_type for e in entries} == {"plans.EHCPlan"}
    assert {e.child_id for e in entries} == {draft.plan.child_id}
