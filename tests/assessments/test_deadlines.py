"""request_deadlines and tracking: which statutory deadlines apply at each stage, their status as at a
given date, and the worklist summary (nearest open deadline, number overdue).

Pure: requests, advice, consultations and exceptions are unsaved model instances and every `as_of` is
fixed, so no result depends on today or on the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendcase.assessments.deadlines import Deadline, Tracking, request_deadlines, tracking
from sendcase.assessments.models import (
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.settings_data.models import Establishment

S = RequestStatus
D = dt.date
DAY = dt.timedelta(days=1)

# statutory-rules.md, "Counting time": a request received on Monday 5 January 2026.
RECEIVED = D(2026, 1, 5)
DECISION_DUE = D(2026, 2, 16)  # 6 weeks (Regs 5(1))
NOT_ISSUE_DUE = D(2026, 4, 27)  # 16 weeks (Regs 10(1))
LATEST_DRAFT = D(2026, 5, 10)  # week 20 less the family's 15 days (Regs 13(1)-(2))
FINAL_DUE = D(2026, 5, 25)  # 20 weeks (Regs 13(2))


def req(status=S.RECEIVED, received=RECEIVED, **dates) -> AssessmentRequest:
    return AssessmentRequest(received_on=received, status=status, source="parent", **dates)


def advice(pk, requested, received=None, adviser_type=AdviserType.EDUCATIONAL_PSYCHOLOGY, name="", reason=""):
    return AdviceRequest(
        pk=pk,
        adviser_type=adviser_type,
        adviser_name=name,
        requested_on=requested,
        received_on=received,
        exception_reason=reason,
    )


def consultation(pk, sent, answered=None, name="Brookside Academy"):
    return Consultation(pk=pk, establishment=Establishment(name=name), sent_on=sent, answered_on=answered)


def exception(step, starts):
    return StepException(step=step, reason="absence_from_area", starts_on=starts)


def compute(request, as_of, advice_=(), consultations=(), exceptions=()):
    deadlines = request_deadlines(request, list(advice_), list(consultations), list(exceptions), as_of)
    return {d.key: d for d in deadlines}, tracking(deadlines), deadlines


# --- the Regs worked example -------------------------------------------------------------------------


def test_regs_worked_example_on_the_day_of_receipt():
    by_key, track, deadlines = compute(req(), as_of=RECEIVED)
    assert [d.key for d in deadlines] == ["decision", "final_plan"]
    decision, final = by_key["decision"], by_key["final_plan"]
    assert (decision.due, decision.status, decision.days_left, decision.is_open) == (
        DECISION_DUE,
        "due",
        42,
        True,
    )
    assert (final.due, final.status, final.days_left, final.is_open) == (FINAL_DUE, "due", 140, True)
    assert decision.source == "Regs 5(1)"
    assert final.source == "Regs 13(2)"
    assert track == Tracking("Decide whether to assess", DECISION_DUE, 0)


@pytest.mark.parametrize(
    ("as_of", "decision_status", "days_left", "overdue"),
    [
        (DECISION_DUE - DAY, "due", 1, 0),
        (DECISION_DUE, "due", 0, 0),  # a step done on the due date is on time: the day is not over
        (DECISION_DUE + DAY, "overdue", -1, 1),
        (FINAL_DUE, "overdue", -98, 1),
        (FINAL_DUE + DAY, "overdue", -99, 2),  # the 20-week limit has passed too
    ],
)
def test_undecided_request_as_time_passes(as_of, decision_status, days_left, overdue):
    by_key, track, _ = compute(req(), as_of)
    assert by_key["decision"].status == decision_status
    assert by_key["decision"].days_left == days_left
    assert by_key["decision"].is_overdue is (decision_status == "overdue")
    assert track.overdue_steps == overdue
    # The nearest open step stays the decision, overdue or not.
    assert (track.next_step, track.next_due) == ("Decide whether to assess", DECISION_DUE)


@pytest.mark.parametrize(("decided", "status"), [(DECISION_DUE, "on_time"), (DECISION_DUE + DAY, "late")])
def test_the_decision_once_made_is_judged_by_its_date(decided, status):
    for as_of in (decided, FINAL_DUE + 100 * DAY):
        by_key, _, _ = compute(req(S.ASSESSING, assessment_decided_on=decided), as_of)
        decision = by_key["decision"]
        assert (decision.status, decision.done, decision.days_left, decision.is_open) == (
            status,
            decided,
            None,
            False,
        )


# --- assessing ------------------------------------------------------------------------------------


def test_assessing_with_advice_in_every_state():
    request = req(S.ASSESSING, assessment_decided_on=D(2026, 2, 10))
    items = [
        advice(1, D(2026, 2, 20), name="Dr Patel"),  # due 3 April, not received
        advice(2, D(2026, 2, 18), D(2026, 4, 1), AdviserType.HEALTH),  # due 1 April, on time
        advice(3, D(2026, 2, 18), D(2026, 4, 2), AdviserType.SOCIAL_CARE),  # due 1 April, a day late
    ]
    by_key, track, deadlines = compute(request, D(2026, 4, 10), items)
    assert [d.key for d in deadlines] == [
        "decision",
        "advice:2",
        "advice:3",
        "advice:1",
        "not_issue",
        "final_plan",
    ]
    assert (by_key["advice:1"].due, by_key["advice:1"].status) == (D(2026, 4, 3), "overdue")
    assert by_key["advice:1"].label == "Educational psychology advice from Dr Patel"
    assert by_key["advice:1"].source == "Regs 8(1)"
    assert by_key["advice:2"].status == "on_time"
    assert by_key["advice:2"].label == "Health advice"
    assert by_key["advice:3"].status == "late"
    assert (by_key["not_issue"].due, by_key["not_issue"].status) == (NOT_ISSUE_DUE, "due")
    assert by_key["not_issue"].source == "Regs 10(1)"
    assert {k for k, d in by_key.items() if d.is_open} == {"advice:1", "not_issue", "final_plan"}
    assert track == Tracking("Educational psychology advice from Dr Patel", D(2026, 4, 3), 1)


def test_an_advice_exception_makes_overdue_advice_excepted():
    request = req(S.ASSESSING, assessment_decided_on=D(2026, 2, 10))
    items = [advice(1, D(2026, 2, 20), reason="missed_appointment")]
    by_key, track, _ = compute(request, D(2026, 4, 10), items)
    assert by_key["advice:1"].status == "excepted"
    assert by_key["advice:1"].due == D(2026, 4, 3)
    assert track.overdue_steps == 0
    assert track.next_due == D(2026, 4, 3)


def test_assessing_past_16_weeks_and_20_weeks():
    request = req(S.ASSESSING, assessment_decided_on=D(2026, 2, 10))
    _, track, _ = compute(request, NOT_ISSUE_DUE + DAY)
    assert track.overdue_steps == 1
    assert track.next_step.startswith("Decide whether to issue a plan")
    _, track, _ = compute(request, FINAL_DUE + DAY)
    assert track.overdue_steps == 2


# --- writing and serving the draft -------------------------------------------------------------------


def test_issue_decided_the_draft_and_consultations():
    request = req(S.ISSUE_DECIDED, assessment_decided_on=D(2026, 2, 10), issue_decided_on=D(2026, 4, 20))
    cons = [consultation(7, D(2026, 4, 22))]  # due 7 May
    by_key, track, deadlines = compute(request, D(2026, 5, 8), consultations=cons)
    assert "not_issue" not in by_key  # the 16-week limit is for a decision not to issue
    assert [d.key for d in deadlines] == ["decision", "consultation:7", "draft", "final_plan"]
    assert (by_key["consultation:7"].due, by_key["consultation:7"].status) == (D(2026, 5, 7), "overdue")
    assert by_key["consultation:7"].label == "Answer from Brookside Academy"
    assert by_key["consultation:7"].source == "CoP 9.83 (guidance)"
    assert (by_key["draft"].due, by_key["draft"].status, by_key["draft"].is_open) == (
        LATEST_DRAFT,
        "due",
        True,
    )
    assert track == Tracking("Answer from Brookside Academy", D(2026, 5, 7), 1)


def test_issue_decided_past_the_latest_draft_date():
    request = req(S.ISSUE_DECIDED, assessment_decided_on=D(2026, 2, 10), issue_decided_on=D(2026, 4, 20))
    by_key, track, _ = compute(request, LATEST_DRAFT + DAY)
    assert by_key["draft"].status == "overdue"
    assert track == Tracking("Send the draft plan to the family", LATEST_DRAFT, 1)


@pytest.mark.parametrize(
    ("served", "draft_status"), [(LATEST_DRAFT, "on_time"), (LATEST_DRAFT + DAY, "late")]
)
def test_draft_served_and_the_familys_comment_period(served, draft_status):
    request = req(
        S.DRAFT_SERVED,
        assessment_decided_on=D(2026, 2, 10),
        issue_decided_on=D(2026, 4, 20),
        draft_served_on=served,
    )
    by_key, track, _ = compute(request, served + 2 * DAY)
    assert (by_key["draft"].status, by_key["draft"].done, by_key["draft"].is_open) == (
        draft_status,
        served,
        False,
    )
    comments = by_key["comments"]
    assert comments.due == served + 14 * DAY  # day of service is day 1 of 15
    assert comments.status is None
    assert comments.is_open is False
    assert comments.days_left == 12
    assert comments.source == "Regs 13(1)"
    assert track == Tracking("Issue the final EHC plan", FINAL_DUE, 0)
    # After the period has ended there are no days left to show.
    by_key, _, _ = compute(request, served + 15 * DAY)
    assert by_key["comments"].days_left is None


def test_draft_served_with_the_familys_response():
    request = req(
        S.DRAFT_SERVED,
        issue_decided_on=D(2026, 4, 20),
        draft_served_on=D(2026, 5, 1),
        family_comments_received_on=D(2026, 5, 9),
    )
    by_key, _, _ = compute(request, D(2026, 5, 10))
    assert (by_key["comments"].due, by_key["comments"].done) == (D(2026, 5, 15), D(2026, 5, 9))


def test_unreceived_advice_still_counts_while_the_draft_is_with_the_family():
    request = req(S.DRAFT_SERVED, issue_decided_on=D(2026, 4, 20), draft_served_on=D(2026, 5, 1))
    by_key, track, _ = compute(request, D(2026, 5, 2), [advice(1, D(2026, 2, 20))])
    assert by_key["advice:1"].is_open
    assert track.next_due == D(2026, 4, 3)
    assert track.overdue_steps == 1


# --- closed requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "exceptions", "status"),
    [
        (FINAL_DUE, [], "on_time"),
        (FINAL_DUE + DAY, [], "late"),
        (FINAL_DUE + DAY, [exception(Step.FINAL_PLAN, D(2026, 3, 1))], "excepted"),
        (FINAL_DUE, [exception(Step.FINAL_PLAN, D(2026, 3, 1))], "on_time"),
    ],
)
def test_final_plan_issued(issued, exceptions, status):
    request = req(
        S.FINAL_ISSUED,
        assessment_decided_on=D(2026, 2, 10),
        issue_decided_on=D(2026, 4, 1),
        draft_served_on=D(2026, 4, 10),
        final_issued_on=issued,
    )
    by_key, track, _ = compute(
        request, issued + 30 * DAY, [advice(1, D(2026, 2, 20))], [consultation(2, D(2026, 4, 2))], exceptions
    )
    assert (by_key["final_plan"].status, by_key["final_plan"].done) == (status, issued)
    # Nothing is open after the plan is issued, even advice or a consultation never answered.
    assert not any(d.is_open for d in by_key.values())
    assert track == Tracking("", None, 0)


def test_not_assessing_has_only_the_decision():
    request = req(S.NOT_ASSESSING, assessment_decided_on=D(2026, 2, 1), closed_on=D(2026, 2, 1))
    by_key, track, _ = compute(request, D(2026, 9, 1))
    assert list(by_key) == ["decision"]
    assert by_key["decision"].status == "on_time"
    assert track == Tracking("", None, 0)


@pytest.mark.parametrize(
    ("decided", "exceptions", "status"),
    [
        (NOT_ISSUE_DUE, [], "on_time"),
        (NOT_ISSUE_DUE + DAY, [], "late"),
        (NOT_ISSUE_DUE + DAY, [exception(Step.DECISION_NOT_TO_ISSUE, D(2026, 3, 1))], "excepted"),
        # An exception to a different limit does not excuse a late decision not to issue.
        (NOT_ISSUE_DUE + DAY, [exception(Step.FINAL_PLAN, D(2026, 3, 1))], "late"),
    ],
)
def test_not_issuing_is_judged_against_16_weeks(decided, exceptions, status):
    request = req(
        S.NOT_ISSUING, assessment_decided_on=D(2026, 2, 1), issue_decided_on=decided, closed_on=decided
    )
    by_key, track, _ = compute(request, D(2026, 9, 1), [advice(1, D(2026, 2, 5))], exceptions=exceptions)
    assert (by_key["not_issue"].status, by_key["not_issue"].done) == (status, decided)
    assert "final_plan" not in by_key
    assert "draft" not in by_key
    assert track == Tracking("", None, 0)


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.MOVED_OUT])
def test_a_request_ended_early_has_nothing_open(status):
    request = req(
        status,
        assessment_decided_on=D(2026, 2, 1),
        issue_decided_on=D(2026, 4, 1),
        closed_on=D(2026, 4, 10),
    )
    by_key, track, _ = compute(
        request, D(2026, 9, 1), [advice(1, D(2026, 2, 5))], [consultation(2, D(2026, 4, 2))]
    )
    assert {"decision", "advice:1", "consultation:2", "draft", "final_plan"} == set(by_key)
    assert not any(d.is_open for d in by_key.values())
    assert track == Tracking("", None, 0)


# --- exceptions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts", "as_of", "status", "overdue"),
    [
        (D(2026, 2, 1), DECISION_DUE + DAY, "excepted", 0),
        (DECISION_DUE + DAY, DECISION_DUE + DAY, "excepted", 0),  # starting on as_of counts
        (D(2026, 3, 1), DECISION_DUE + DAY, "overdue", 1),  # not yet started on as_of
        (D(2026, 2, 1), DECISION_DUE, "due", 0),  # excepted, but the limit has not passed yet
    ],
)
def test_an_exception_applies_from_its_start(starts, as_of, status, overdue):
    by_key, track, _ = compute(req(), as_of, exceptions=[exception(Step.DECISION_TO_ASSESS, starts)])
    decision = by_key["decision"]
    assert decision.status == status
    assert decision.due == DECISION_DUE  # kept, never moved
    assert track.overdue_steps == overdue
    assert track.next_due == DECISION_DUE


def test_an_exception_to_the_20_week_limit_covers_the_draft_and_the_final_plan():
    request = req(S.ISSUE_DECIDED, assessment_decided_on=D(2026, 2, 10), issue_decided_on=D(2026, 4, 20))
    _, track, _ = compute(request, FINAL_DUE + DAY)
    assert track.overdue_steps == 2
    by_key, track, _ = compute(
        request, FINAL_DUE + DAY, exceptions=[exception(Step.FINAL_PLAN, D(2026, 3, 1))]
    )
    assert (by_key["draft"].status, by_key["final_plan"].status) == ("excepted", "excepted")
    assert by_key["decision"].excepted is False
    assert track.overdue_steps == 0


def test_an_exception_does_not_cover_consultations():
    request = req(S.ISSUE_DECIDED, issue_decided_on=D(2026, 4, 20))
    by_key, track, _ = compute(
        request,
        D(2026, 5, 8),
        consultations=[consultation(1, D(2026, 4, 22))],
        exceptions=[exception("final_plan", D(2026, 3, 1))],
    )
    assert by_key["consultation:1"].status == "overdue"
    assert track.overdue_steps == 1


# --- tracking() on its own ---------------------------------------------------------------------------


def deadline(key, due, *, status="due", is_open=True, excepted=False, label=None):
    return Deadline(key, label or key, due, None, "test", status, 0, is_open, excepted)


def test_tracking_of_nothing_open():
    assert tracking([]) == Tracking("", None, 0)
    assert tracking([deadline("a", D(2026, 1, 1), is_open=False, status="overdue")]) == Tracking("", None, 0)


def test_tracking_ignores_closed_deadlines_even_if_earlier():
    track = tracking([deadline("closed", D(2026, 1, 1), is_open=False), deadline("open", D(2026, 3, 1))])
    assert track == Tracking("open", D(2026, 3, 1), 0)


def test_tracking_counts_overdue_but_not_excepted():
    track = tracking(
        [
            deadline("a", D(2026, 1, 1), status="overdue"),
            deadline("b", D(2026, 1, 2), status="excepted", excepted=True),
            deadline("c", D(2026, 1, 3), status="overdue"),
            deadline("d", D(2026, 1, 4), status="overdue", is_open=False),
        ]
    )
    assert track == Tracking("a", D(2026, 1, 1), 2)


def test_tracking_cuts_the_label_to_the_column_length():
    request = req(S.ASSESSING, assessment_decided_on=D(2026, 2, 10))
    _, track, _ = compute(request, D(2026, 2, 21), [advice(1, D(2026, 2, 20), name="N" * 200)])
    assert track.next_step.startswith("Educational psychology advice from NNN")
    assert len(track.next_step) == AssessmentRequest._meta.get_field("next_step").max_length == 120


# --- properties ----------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2080, 12, 31))
gaps = st.integers(min_value=0, max_value=120).map(lambda n: n * DAY)
maybe_gap = st.one_of(st.none(), gaps)

_ENDINGS = {S.WITHDRAWN, S.MOVED_OUT}
# The stages a request passes through on its way to each state.
_PATH = {
    S.RECEIVED: [],
    S.NOT_ASSESSING: ["decided"],
    S.ASSESSING: ["decided"],
    S.NOT_ISSUING: ["decided", "issue"],
    S.ISSUE_DECIDED: ["decided", "issue"],
    S.DRAFT_SERVED: ["decided", "issue", "served"],
    S.FINAL_ISSUED: ["decided", "issue", "served", "final"],
}


@st.composite
def cases(draw):
    """A request in any state, with dates in step order, advice and consultations where its path allows,
    any exceptions, and any as_of (before, during or long after the request)."""
    status = draw(st.sampled_from(list(RequestStatus)))
    path_state = (
        draw(st.sampled_from([S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED]))
        if status in _ENDINGS
        else status
    )
    steps = _PATH[path_state]
    received = draw(dates)
    day = received
    fields = {}
    for step, field in [
        ("decided", "assessment_decided_on"),
        ("issue", "issue_decided_on"),
        ("served", "draft_served_on"),
        ("final", "final_issued_on"),
    ]:
        if step in steps:
            day = day + draw(gaps)
            fields[field] = day
    if path_state == S.DRAFT_SERVED and draw(st.booleans()):
        fields["family_comments_received_on"] = fields["draft_served_on"] + draw(gaps)
    request = req(status, received, **fields)

    advice_items = []
    if "decided" in steps and path_state not in (S.NOT_ASSESSING,):
        start = fields["assessment_decided_on"]
        for pk in range(1, draw(st.integers(0, 4)) + 1):
            requested = start + draw(gaps)
            got = draw(maybe_gap)
            advice_items.append(
                advice(
                    pk,
                    requested,
                    None if got is None else requested + got,
                    draw(st.sampled_from(AdviserType.values)),
                    reason=draw(st.sampled_from(["", "", "missed_appointment"])),
                )
            )
    consultation_items = []
    if "issue" in steps and path_state != S.NOT_ISSUING:
        start = fields["issue_decided_on"]
        for pk in range(1, draw(st.integers(0, 3)) + 1):
            sent = start + draw(gaps)
            got = draw(maybe_gap)
            consultation_items.append(consultation(pk, sent, None if got is None else sent + got))
    exceptions = [
        exception(draw(st.sampled_from(Step.values)), received + draw(gaps))
        for _ in range(draw(st.integers(0, 3)))
    ]
    as_of = received + draw(st.integers(min_value=-30, max_value=400)) * DAY
    return request, advice_items, consultation_items, exceptions, as_of


def expected_open(request, advice_items, consultation_items, exceptions, as_of):
    """Independent statement of which deadlines are open at each stage: key -> (due, excepted)."""
    status, received = request.status, request.received_on
    excepted = {e.step for e in exceptions if e.starts_on <= as_of}
    out = {}
    if status == S.RECEIVED:
        out["decision"] = (received + 42 * DAY, "decision" in excepted)
    if status == S.ASSESSING:
        out["not_issue"] = (received + 112 * DAY, "not_issue" in excepted)
    if status == S.ISSUE_DECIDED:
        out["draft"] = (received + 125 * DAY, "final_plan" in excepted)
    if status in (S.RECEIVED, S.ASSESSING, S.ISSUE_DECIDED, S.DRAFT_SERVED):
        out["final_plan"] = (received + 140 * DAY, "final_plan" in excepted)
        for a in advice_items:
            if a.received_on is None:
                out[f"advice:{a.pk}"] = (a.requested_on + 42 * DAY, bool(a.exception_reason))
        for c in consultation_items:
            if c.answered_on is None:
                out[f"consultation:{c.pk}"] = (c.sent_on + 15 * DAY, False)
    return out


@settings(max_examples=300)
@given(cases())
def test_tracking_is_the_nearest_open_deadline_and_the_count_overdue(case):
    request, advice_items, consultation_items, exceptions, as_of = case
    deadlines = request_deadlines(request, advice_items, consultation_items, exceptions, as_of)
    track = tracking(deadlines)
    open_ = [d for d in deadlines if d.is_open]
    if open_:
        assert track.next_due == min(d.due for d in open_)
        assert track.next_step in {d.label[:120] for d in open_ if d.due == track.next_due}
    else:
        assert track == Tracking("", None, 0)
    assert track.overdue_steps == sum(1 for d in open_ if as_of > d.due and not d.excepted)


@settings(max_examples=300)
@given(cases())
def test_open_deadlines_match_the_stage(case):
    request, advice_items, consultation_items, exceptions, as_of = case
    deadlines = request_deadlines(request, advice_items, consultation_items, exceptions, as_of)
    expected = expected_open(request, advice_items, consultation_items, exceptions, as_of)
    assert {d.key: (d.due, d.excepted) for d in deadlines if d.is_open} == expected
    track = tracking(deadlines)
    assert track.next_due == min((due for due, _ in expected.values()), default=None)
    assert track.overdue_steps == sum(1 for due, exc in expected.values() if as_of > due and not exc)


@settings(max_examples=200)
@given(cases())
def test_deadlines_are_in_date_order_with_consistent_statuses(case):
    request, advice_items, consultation_items, exceptions, as_of = case
    deadlines = request_deadlines(request, advice_items, consultation_items, exceptions, as_of)
    assert [(d.due, d.key) for d in deadlines] == sorted((d.due, d.key) for d in deadlines)
    assert len({d.key for d in deadlines}) == len(deadlines)
    for d in deadlines:
        if d.key == "comments":
            assert d.status is None and not d.is_open
        elif d.done is not None:
            assert d.status in ("on_time", "late", "excepted")
            assert d.days_left is None and not d.is_open
        else:
            assert d.status in ("due", "overdue", "excepted")
            assert d.days_left == (d.due - as_of).days
            assert (d.status == "due") == (as_of <= d.due)


@given(
    st.lists(
        st.builds(
            deadline,
            key=st.text(min_size=1, max_size=5),
            due=dates,
            status=st.sampled_from(["due", "overdue", "excepted", "on_time", "late"]),
            is_open=st.booleans(),
            excepted=st.booleans(),
        ),
        max_size=8,
    )
)
def test_tracking_of_any_deadlines(deadlines):
    track = tracking(deadlines)
    open_ = [d for d in deadlines if d.is_open]
    assert track.next_due == min((d.due for d in open_), default=None)
    assert track.overdue_steps == sum(1 for d in open_ if d.status == "overdue")
