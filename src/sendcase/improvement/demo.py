"""Synthetic improvement plan for the demo authority: six objectives, about 30 actions in every status,
15 risks and issues (some rescored, some past review), recommendations from an inspection and the SEND
commissioner, budget lines with monthly actuals for two financial years, and three board meetings.

Everything is written through the improvement services, acting as the programme officer, so the demo has
the same history and audit rows the service itself would write. Dates are relative to `as_of`.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sendcase.core.models import Role, User

from . import rules, services
from .indicators import known_indicator_ids

PROGRAMME_USERNAME = "programme"

# For example, the areas an effective local SEND system gets right.
OBJECTIVES = (
    (
        "Identifying needs early and accurately",
        "Needs are identified early, in the early years and in school.",
    ),
    ("Working with children, young people and families", "Families shape their plans and the local offer."),
    ("Timely, high-quality assessments and plans", "EHC needs assessments finish within 20 weeks."),
    ("Inclusive mainstream and sufficient specialist places", "Children learn close to home."),
    ("Preparing for adulthood", "Young people move on to work, study and independent living."),
    (
        "Leadership, partnership and financial sustainability",
        "Joint commissioning and a balanced high needs block.",
    ),
)

ACTIONS = (
    (0, "Train early years practitioners in the graduated approach"),
    (0, "Publish the SEN support toolkit for schools"),
    (0, "Set up termly SENCO networks in each locality"),
    (0, "Agree the speech and language early screening pathway"),
    (0, "Audit SEN support plans in a sample of primary schools"),
    (1, "Co-produce the local offer website with the parent carer forum"),
    (1, "Run termly 'you said, we did' sessions with families"),
    (1, "Include the young person's voice in every plan"),
    (1, "Train officers in person-centred planning"),
    (1, "Publish the co-production charter"),
    (2, "Recruit agency case officers to clear the assessment backlog"),
    (2, "Commission locum educational psychologists"),
    (2, "Introduce weekly multi-agency advice panels"),
    (2, "Quality-assure a sample of new plans each month"),
    (2, "Send advice requests on day one of an assessment"),
    (2, "Clear overdue annual reviews"),
    (3, "Open two resourced provisions in secondary schools"),
    (3, "Agree banded funding for mainstream schools"),
    (3, "Review the specialist place sufficiency plan"),
    (3, "Run an outreach service from special schools"),
    (3, "Reduce reliance on independent specialist placements"),
    (4, "Start preparing-for-adulthood reviews from Year 9"),
    (4, "Launch supported internships with two employers"),
    (4, "Agree the transition protocol with adult social care"),
    (4, "Map post-16 provision for young people with complex needs"),
    (5, "Agree the joint commissioning strategy with the ICB"),
    (5, "Publish the high needs deficit management plan"),
    (5, "Report the SEND dashboard to the improvement board monthly"),
    (5, "Replace the case management system"),
    (5, "Train governors in their SEND duties"),
)

RISKS = (
    ("risk", "Educational psychologist vacancies delay advice", 4, 5, 3),
    ("risk", "Agency case officers leave before the backlog clears", 3, 4, 4),
    ("risk", "High needs block overspend grows", 5, 4, 5),
    ("risk", "Specialist places do not open on time", 3, 4, 3),
    ("risk", "Health advice returned late", 4, 3, 3),
    ("risk", "Schools do not take up banded funding", 2, 3, 3),
    ("risk", "Data in the new case system is incomplete", 3, 3, 4),
    ("risk", "Parent confidence falls during the changes", 3, 4, 3),
    ("risk", "Tribunal appeals rise", 4, 4, 2),
    ("risk", "Transport costs grow faster than budget", 4, 3, 3),
    ("risk", "Capital funding for resourced provision is delayed", 2, 4, 2),
    ("risk", "Key leaders change during the programme", 2, 5, 2),
    ("issue", "Backlog of overdue annual reviews", 5, 3, 4),
    ("issue", "Advice from social care missing on a third of assessments", 5, 3, 3),
    ("issue", "Phase transfer deadline missed for some children last year", 4, 4, 3),
)

RECOMMENDATIONS = (
    (
        "inspection",
        "Area SEND inspection report",
        "Leaders should improve the timeliness and quality of EHC plans.",
    ),
    ("inspection", "Area SEND inspection report", "Leaders should ensure that health advice is timely."),
    ("inspection", "Area SEND inspection report", "Leaders should strengthen co-production with families."),
    ("inspection", "Area SEND inspection report", "Leaders should improve preparation for adulthood."),
    (
        "commissioner",
        "SEND commissioner's first report",
        "Establish an improvement board with an independent chair.",
    ),
    (
        "commissioner",
        "SEND commissioner's first report",
        "Agree a costed plan to bring the high needs block into balance.",
    ),
    ("dfe", "DfE improvement notice", "Report progress against the plan to the Department each quarter."),
    ("peer_review", "Regional peer review", "Use data on annual reviews to manage officers' work."),
)

WORKSTREAMS = {
    "Early identification": (("SENCO networks and training", 60000), ("Early years inclusion fund", 120000)),
    "Co-production": (("Parent carer forum grant", 40000), ("Local offer website", 25000)),
    "Assessments and plans": (
        ("Agency case officers", 260000),
        ("Locum educational psychologists", 180000),
        ("Plan quality assurance", 30000),
    ),
    "Sufficiency": (("Resourced provision start-up", 300000), ("Special school outreach", 90000)),
    "Preparing for adulthood": (("Supported internships", 70000),),
    "Programme": (("Programme team", 150000), ("Case management system", 220000)),
}
# Lines forecast over plan, by workstream and title, and by how much (a ratio of the plan).
OVERSPENDS = {"Locum educational psychologists": Decimal("1.22"), "Agency case officers": Decimal("1.12")}

STATUSES = (
    [rules.COMPLETE] * 7
    + [rules.ON_TRACK] * 10
    + [rules.AT_RISK] * 5
    + [rules.OFF_TRACK] * 3
    + [rules.NOT_STARTED] * 4
    + [rules.CLOSED]
)


def _users() -> tuple[User, list[User]]:
    programme = User.objects.get(username=PROGRAMME_USERNAME)
    others = list(
        User.objects.filter(
            role__in=[Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER, Role.PROGRAMME_OFFICER]
        ).order_by("username")
    )
    return programme, others


def seed_improvement(*, as_of: dt.date, seed: int) -> dict[str, int]:
    """Write the demo improvement plan; returns how many of each record were made."""
    rng = random.Random(f"sendcase-demo:{seed}:improvement")
    me, owners = _users()
    counts: dict[str, int] = {}

    objectives = [
        services.objective_create(
            acting_user=me, number=n, title=title, description=text, lead=rng.choice(owners)
        )
        for n, (title, text) in enumerate(OBJECTIVES, start=1)
    ]
    for objective in objectives:
        for offset, label in ((-60, "Baseline agreed"), (120, "Mid-point review")):
            milestone = services.milestone_create(
                acting_user=me,
                objective=objective,
                title=f"{label}: {objective.title.lower()}",
                due_on=as_of + dt.timedelta(days=offset + rng.randint(-10, 10)),
            )
            if milestone.due_on < as_of - dt.timedelta(days=14):
                services.milestone_achieve(
                    acting_user=me, milestone=milestone, expected_version=1, achieved_on=milestone.due_on
                )
    counts["objectives"] = len(objectives)

    indicator_ids = sorted(known_indicator_ids())
    statuses = STATUSES[:]
    rng.shuffle(statuses)
    actions = []
    for (index, title), status in zip(ACTIONS, statuses, strict=True):
        if status in (rules.COMPLETE, rules.CLOSED):
            due = as_of - dt.timedelta(days=rng.randint(20, 200))
        elif status == rules.NOT_STARTED:
            due = as_of + dt.timedelta(days=rng.randint(14, 300))
        else:
            due = as_of + dt.timedelta(days=rng.randint(-45, 300))
        action = services.action_create(
            acting_user=me,
            objective=objectives[index],
            title=title,
            owner=rng.choice(owners),
            due_on=due,
            indicator_ids=rng.sample(indicator_ids, k=rng.randint(0, 2)),
        )
        if status == rules.COMPLETE:
            services.evidence_add(
                acting_user=me,
                action=action,
                text="Report to the improvement board showing the action delivered",
                link=f"https://intranet.example.org/send-improvement/{action.reference.lower()}",
            )
            action = services.action_status_change(
                acting_user=me, action=action, expected_version=1, status=rules.ON_TRACK
            )
            completed = min(as_of, due + dt.timedelta(days=rng.randint(-20, 15)))
            action = services.action_status_change(
                acting_user=me,
                action=action,
                expected_version=action.version,
                status=rules.COMPLETE,
                completed_on=completed,
            )
        elif status == rules.CLOSED:
            action = services.action_status_change(
                acting_user=me,
                action=action,
                expected_version=1,
                status=rules.CLOSED,
                note="Merged into the wider workforce action",
            )
        elif status != rules.NOT_STARTED:
            action = services.action_status_change(
                acting_user=me, action=action, expected_version=1, status=status
            )
        actions.append(action)
    counts["actions"] = len(actions)

    for kind, title, likelihood, impact, rescored in RISKS:
        risk = services.risk_create(
            acting_user=me,
            kind=kind,
            title=title,
            owner=rng.choice(owners),
            likelihood=likelihood,
            impact=impact,
            review_on=as_of + dt.timedelta(days=rng.randint(-20, 60)),
            mitigation="Monthly review by the programme board; see the linked actions.",
            objective=rng.choice(objectives),
        )
        # Earlier reviews: the score moved towards where it is now, so the register shows a trend.
        for step in range(rescored - 1):
            new_likelihood = max(1, min(5, risk.likelihood + rng.choice((-1, 1))))
            risk = services.risk_update(
                acting_user=me,
                risk=risk,
                expected_version=risk.version,
                kind=risk.kind,
                title=risk.title,
                owner=risk.owner,
                likelihood=new_likelihood,
                impact=risk.impact,
                review_on=risk.review_on,
                status=risk.status,
                mitigation=risk.mitigation,
                objective=risk.objective,
                note=f"Review {step + 2}",
            )
    counts["risks"] = len(RISKS)

    for n, (source, detail, text) in enumerate(RECOMMENDATIONS):
        made = as_of - dt.timedelta(days=300 - 20 * (n // 4))
        recommendation = services.recommendation_create(
            acting_user=me,
            source=source,
            source_detail=detail,
            made_on=made,
            text=text,
            owner=rng.choice(owners),
            actions=rng.sample(actions, k=rng.randint(1, 3)),
        )
        if n % 3 != 2:
            services.recommendation_update(
                acting_user=me,
                recommendation=recommendation,
                expected_version=1,
                source=source,
                source_detail=detail,
                made_on=made,
                text=text,
                owner=recommendation.owner,
                status="implemented" if n % 4 == 0 else "accepted",
                response="Accepted. Delivered through the linked actions of the improvement plan.",
                actions=list(recommendation.actions.all()),
            )
    counts["recommendations"] = len(RECOMMENDATIONS)

    this_year = rules.financial_year_of(as_of)
    lines = 0
    for year in (this_year - 1, this_year):
        for workstream, items in WORKSTREAMS.items():
            for title, planned in items:
                planned = Decimal(planned)
                ratio = OVERSPENDS.get(title, Decimal(rng.choice(("0.92", "0.97", "1.00", "1.03"))))
                line = services.budget_line_create(
                    acting_user=me,
                    workstream=workstream,
                    title=title,
                    financial_year=year,
                    planned=planned,
                    forecast=(planned * ratio).quantize(Decimal("1")) if year == this_year else None,
                )
                lines += 1
                for month in rules.financial_year_months(year):
                    if month >= as_of.replace(day=1):
                        break
                    amount = (planned * ratio / 12 * Decimal(rng.uniform(0.8, 1.2))).quantize(Decimal("0.01"))
                    line = _record(me, line, month, amount)
    counts["budget lines"] = lines

    for months_ago in (3, 2, 1):
        held = _second_tuesday(_months_before(as_of, months_ago))
        meeting = services.board_meeting_create(
            acting_user=me,
            held_on=held,
            title="SEND improvement board",
            attendees="Independent chair\nDirector of Children's Services\nHead of SEND\nICB SEND lead\n"
            "Parent carer forum co-chair\nDfE SEND adviser",
            apologies="Lead member for children's services" if months_ago == 2 else "",
            papers=f"Board pack {held:%B %Y}\nImprovement plan highlight report\n"
            "High needs budget monitoring",
        )
        meeting = services.board_item_add(
            acting_user=me,
            meeting=meeting,
            expected_version=1,
            kind="decision",
            text="The board noted the pack and agreed the exceptions report.",
        ).meeting
        late = [a for a in actions if a.is_overdue(held)]
        linked = rng.choice(late or actions)
        services.board_item_add(
            acting_user=me,
            meeting=meeting,
            expected_version=meeting.version,
            kind="action",
            text=f"Bring a recovery plan for {linked.reference} to the next meeting.",
            owner=linked.owner,
            due_on=held + dt.timedelta(days=28),
            action=linked,
        )
    counts["board meetings"] = 3
    return counts


def _record(me: User, line, month: dt.date, amount: Decimal):
    services.budget_actual_record(
        acting_user=me, line=line, expected_version=line.version, month=month, amount=amount
    )
    line.refresh_from_db(fields=["version"])
    return line


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def _second_tuesday(first: dt.date) -> dt.date:
    first_tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + dt.timedelta(days=7)
