"""Which performance indicators an improvement action may be linked to.

The indicator registry lives in `sendcase.performance`. Until it is wired in, the ids accepted are the
setting `IMPROVEMENT_INDICATOR_IDS` (a list of strings) or, without it, `PROVISIONAL_INDICATOR_IDS`
below. `known_indicator_ids()` is the one place to change when the registry arrives.
"""

from __future__ import annotations

from django.conf import settings

PROVISIONAL_INDICATOR_IDS: dict[str, str] = {
    "ehc-20-weeks": "New EHC plans issued within 20 weeks",
    "ehc-20-weeks-exceptions": "New EHC plans issued within 20 weeks, excluding exceptions",
    "annual-reviews-on-time": "Annual reviews held on time",
    "review-decisions-on-time": "Annual review decisions sent within 4 weeks",
    "phase-transfers-named": "Phase transfers named by the deadline",
    "advice-on-time": "Advice returned within 6 weeks",
    "tribunal-appeals": "Tribunal appeals per 1,000 plans",
    "mediation-uptake": "Mediation certificates issued",
    "complaints-on-time": "Complaints answered on time",
    "children-missing-education": "Children missing education",
    "ehcp-mainstream": "Children with plans in mainstream settings",
    "family-satisfaction": "Families satisfied with the service",
}


def known_indicator_ids() -> dict[str, str]:
    """Indicator id -> title, for the ids an action may be linked to."""
    ids = getattr(settings, "IMPROVEMENT_INDICATOR_IDS", None)
    if ids:
        return {str(i): str(i) for i in ids}
    return dict(PROVISIONAL_INDICATOR_IDS)


def indicator_title(indicator_id: str) -> str:
    return known_indicator_ids().get(indicator_id, indicator_id)
