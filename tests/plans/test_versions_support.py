"""Helpers shared by the plan-version tests (no tests here): a plan made by the real assessment
workflow, complete content, and an issued first version."""

from __future__ import annotations

import copy

from sendcase.plans import content as c
from sendcase.plans.models import EHCPlan, PlanVersion
from sendcase.plans.services import versions as services
from tests.assessments.helpers import drive_to


def issued_plan(user) -> EHCPlan:
    """A plan issued by the assessment workflow: it has no version yet."""
    return drive_to("final_issued", user=user).plan


def complete_content(establishment_id: int | None = None) -> dict:
    """Content that may be issued: one need, one outcome, one specified item of provision, a setting."""
    content = c.empty_content()
    content["A"] = {"views": "Likes trains.", "interests": "Drawing", "aspirations": "To be a vet"}
    content["B"]["needs"] = [
        {"id": "N1", "code": "ASD", "rank": 1, "description": "Finds changes of routine hard."},
        {"id": "N2", "code": "SLCN", "rank": 2, "description": "Needs time to process language."},
    ]
    content["E"]["outcomes"] = [
        {"id": "E1", "text": "Manages transitions calmly", "timescale": "by July 2027", "needs": ["N1"]}
    ]
    content["F"]["items"] = [
        {
            "id": "F1",
            "what": "Visual timetable taught one to one",
            "who": "Teaching assistant",
            "frequency": "Daily, 10 minutes",
            "duration": "Until July 2027",
            "group_size": "1:1",
            "outcomes": ["E1"],
        }
    ]
    content["I"] = {"establishment_id": establishment_id, "setting_type": "mainstream"}
    return content


def first_version(user, plan: EHCPlan, content: dict | None = None) -> PlanVersion:
    """Version 1 recorded and issued, as an officer would after the final plan."""
    draft = services.draft_start(acting_user=user, plan=plan)
    draft = services.draft_save(
        acting_user=user,
        version=draft,
        expected_lock_version=draft.lock_version,
        content=copy.deepcopy(content or complete_content()),
    )
    return services.version_issue(acting_user=user, version=draft, issued_on=plan.issued_on)
