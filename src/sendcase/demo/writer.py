"""Replay each child's actions into the rows the services would write, and bulk-insert them.

Calling the services step by step costs several queries per step (lock, guard, save, event, audit):
minutes for 25,000 children. Instead each action is applied here in memory exactly as its service
applies it (same fields, same CaseEvent kind, summary, states, reason, visibility and data keys, same
version counting), and the rows go in a chunk of children at a time, with `bulk_create` (or COPY on
PostgreSQL: see `insert`). Primary keys are reserved up front (from the table's sequence on PostgreSQL),
because event data and tracking keys name them: `request_id`, `advice_id`, `advice:<pk>`.

tests/demo/test_seed_demo.py replays seeded requests through the real services and compares the rows,
so a change to a service's output that is not mirrored here fails a test.

Not written: the audit entries each service call adds. The audit log records what people did in this
system and when; a seed run is one action, recorded as one entry by `seed.py`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Field, JSONField, Max, Model
from django.db.models.base import ModelState
from django.utils import timezone

from sendcase import statutory
from sendcase.assessments.deadlines import request_deadlines, tracking
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    ConsultationOutcome,
    RequestSource,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.caseload.models import Allocation, Team
from sendcase.core.models import User
from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent, Child, Contact, Relationship
from sendcase.plans.models import (
    AnnualReview,
    Cessation,
    EHCPlan,
    PhaseTransfer,
    Placement,
    PlanStatus,
    PlanVersion,
)
from sendcase.settings_data.models import Establishment

from . import histories as h
from . import plan_writer
from .population import ChildPlan

S = RequestStatus
BATCH = 2000
CHUNK = 2500

# Tables in the order they are inserted (parents first).
MODELS: tuple[type[Model], ...] = (
    Child,
    Contact,
    Allocation,
    AssessmentRequest,
    AdviceRequest,
    Consultation,
    StepException,
    EHCPlan,
    PlanVersion,
    AnnualReview,
    PhaseTransfer,
    Placement,
    Cessation,
    CaseEvent,
)

# Which action creates a row in which table (every action also writes one CaseEvent).
_CREATES = {
    h.CONTACT_ADD: Contact,
    h.ALLOCATE: Allocation,
    h.REQUEST: AssessmentRequest,
    h.ADVICE_REQUEST: AdviceRequest,
    h.CONSULT_SEND: Consultation,
    h.EXCEPTION: StepException,
    h.NOT_ISSUE_EXCEPTION: StepException,
    h.FINAL: EHCPlan,
    **plan_writer.CREATES,
}

# What each transition is allowed from, as in the services' `_guard` calls: replaying a history that a
# service would refuse is a bug in the generator, so it fails here rather than writing impossible data.
_ALLOWED_FROM = {
    h.DECIDE: {S.RECEIVED},
    h.ADVICE_REQUEST: {S.ASSESSING},
    h.ADVICE_RECEIPT: OPEN_STATUSES,
    h.ADVICE_CHASE: OPEN_STATUSES,
    h.ADVICE_EXCEPTION: OPEN_STATUSES,
    h.ISSUE: {S.ASSESSING},
    h.DRAFT_SERVE: {S.ISSUE_DECIDED},
    h.DRAFT_RESPONSE: {S.DRAFT_SERVED},
    h.CONSULT_SEND: {S.ISSUE_DECIDED, S.DRAFT_SERVED},
    h.CONSULT_ANSWER: OPEN_STATUSES,
    h.FINAL: {S.DRAFT_SERVED},
    h.WITHDRAW: OPEN_STATUSES,
    h.MOVE_OUT: OPEN_STATUSES,
}
# The steps that pass `old_state` to `_save` (and so record old and new states on the event).
_TRANSITIONS = frozenset({h.DECIDE, h.ISSUE, h.DRAFT_SERVE, h.FINAL, h.WITHDRAW, h.MOVE_OUT})
_EXCEPTION_OPEN = {
    Step.DECISION_TO_ASSESS: {S.RECEIVED},
    Step.DECISION_NOT_TO_ISSUE: {S.ASSESSING},
    Step.FINAL_PLAN: set(OPEN_STATUSES),
}


_PLAN_KINDS = frozenset(plan_writer.p.PLAN_KINDS)


class ReplayError(Exception):
    pass


class _Factory:
    """Makes unsaved model instances without Model.__init__.

    __init__ costs about 20 microseconds (signals, a descriptor per field); at 25,000 children that is
    over ten seconds for the ~600,000 rows. The instance made here is the same: every concrete field's
    attribute set (to its default unless given) and a fresh ModelState.
    """

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.defaults: dict[str, Any] = {}
        self.fresh: dict[str, Field] = {}
        for f in model._meta.concrete_fields:
            default = f.get_default()
            if isinstance(default, (dict, list, set)):
                # A mutable default (JSONField's dict) must not be shared between instances.
                self.fresh[f.attname] = f
            self.defaults[f.attname] = default

    def __call__(self, **values: Any) -> Model:
        obj = self.model.__new__(self.model)
        obj._state = ModelState()
        attrs = obj.__dict__
        attrs.update(self.defaults)
        attrs.update(values)
        for name, f in self.fresh.items():
            if name not in values:
                attrs[name] = f.get_default()
        return obj


NEW = {model: _Factory(model) for model in MODELS}


class IdReserver:
    """Primary keys for rows not yet inserted. On PostgreSQL they come from each table's own sequence,
    so nothing else inserting at the same time can take them; on SQLite (one writer at a time) they
    follow the largest id in use."""

    def __init__(self) -> None:
        self._next: dict[type[Model], int] = {}

    def take(self, model: type[Model], count: int) -> Iterator[int]:
        if count <= 0:
            return iter(())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [model._meta.db_table, count],
                )
                return iter([row[0] for row in cursor.fetchall()])
        start = self._next.get(model)
        if start is None:
            start = (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
            if connection.vendor == "sqlite":
                # AUTOINCREMENT never reuses an id, even a deleted one: start after its high-water mark.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
                    row = cursor.fetchone()
                if row and row[0] is not None:
                    start = max(start, row[0] + 1)
        self._next[model] = start + count
        return iter(range(start, start + count))


@dataclass
class StaffIds:
    """The users who act in the histories, by team."""

    managers: list[User]
    officers: dict[tuple[int, int], User]
    teams: list[Team]


@dataclass
class Written:
    rows: Counter = field(default_factory=Counter)

    def add(self, model: type[Model], count: int) -> None:
        self.rows[model._meta.label] += count


def _day(on: dt.date) -> str:
    return f"{on.day} {on:%B %Y}"


class _Buffers:
    def __init__(self) -> None:
        self.rows: dict[type[Model], list[Model]] = {model: [] for model in MODELS}

    def add(self, obj: Model) -> None:
        self.rows[type(obj)].append(obj)


class Replayer:
    """Applies one child's actions as the services would, collecting the rows."""

    def __init__(self, *, staff: StaffIds, establishments: dict[int, Establishment], as_of: dt.date) -> None:
        self.staff = staff
        self.establishments = establishments
        self.as_of = as_of
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        # Plan versions whose content has been validated in this run (see plan_writer._version_issue).
        self.validated = 0

    def counts(self, plans: Iterable[ChildPlan]) -> Counter:
        """How many rows of each table the plans will write (to reserve their ids)."""
        needed: Counter = Counter()
        for plan in plans:
            needed[Child] += 1
            needed[Contact] += len(plan.child.contacts)
            needed[Allocation] += len(plan.allocations)
            actions = (
                1
                + len(plan.child.contacts)
                + sum(1 + (a.ended is not None and a.end_reason != "") for a in plan.allocations)
            )
            for action_list in (*(r.actions for r in plan.requests), plan.plan_actions):
                actions += len(action_list)
                for action in action_list:
                    model = _CREATES.get(action.kind)
                    if model is not None:
                        needed[model] += 1
            needed[CaseEvent] += actions
        return needed

    def child_actions(self, plan: ChildPlan) -> list[h.Action]:
        acts = [h.Action(plan.created_on, h.CHILD_CREATE, -1, {})]
        acts += [
            h.Action(plan.created_on, h.CONTACT_ADD, -1, {"index": i})
            for i in range(len(plan.child.contacts))
        ]
        for index, spec in enumerate(plan.allocations):
            acts.append(h.Action(spec.started.date(), h.ALLOCATE, -1, {"index": index}))
            if spec.ended is not None and spec.end_reason:
                acts.append(h.Action(spec.ended.date(), h.ALLOCATION_END, -1, {"index": index}))
        for request in plan.requests:
            acts.extend(request.actions)
        acts.extend(plan.plan_actions)
        # Stable: actions of one request keep their order on a shared day and rank.
        acts.sort(key=lambda a: (a.on, a.rank))
        return acts

    def replay(self, plan: ChildPlan, ids: dict[type[Model], Iterator[int]], out: _Buffers) -> None:
        _ChildReplay(self, plan, ids, out).run()


class _ChildReplay:
    """One child's replay: the rows made so far and who holds the case at each step."""

    def __init__(
        self, shared: Replayer, plan: ChildPlan, ids: dict[type[Model], Iterator[int]], out: _Buffers
    ) -> None:
        self.shared, self.plan, self.ids, self.out = shared, plan, ids, out
        self.manager = shared.staff.managers[plan.team]
        self.child = NEW[Child](
            id=next(ids[Child]),
            **{name: getattr(plan.child, name) for name in _CHILD_FIELDS},
            created_by_id=self.manager.pk,
            updated_by_id=self.manager.pk,
        )
        out.add(self.child)
        self.requests: dict[int, AssessmentRequest] = {}
        self.advice: dict[tuple[int, int], AdviceRequest] = {}
        self.consultations: dict[tuple[int, int], Consultation] = {}
        self.exceptions: dict[int, list[StepException]] = {}
        self.allocations: dict[int, Allocation] = {}
        # Whoever holds the case records its steps; with nobody holding it, the team manager does.
        self.holder: Allocation | None = None
        self.plan_state = plan_writer.PlanState()

    def new(self, model: type[Model], **values: Any) -> Model:
        """A new row of `model` with the next reserved id, added to the output."""
        obj = NEW[model](id=next(self.ids[model]), **values)
        self.out.add(obj)
        return obj

    def event(
        self, kind: str, subject: Model, on: dt.date, summary: str, actor_id: int, **extra: Any
    ) -> None:
        self._event(kind, subject, on, summary, actor_id, **extra)

    def run(self) -> None:
        for action in self.shared.child_actions(self.plan):
            actor_id = self.holder.officer_id if self.holder is not None else self.manager.pk
            if action.kind in (h.CHILD_CREATE, h.CONTACT_ADD):
                self._record_action(action, actor_id)
            elif action.kind in (h.ALLOCATE, h.ALLOCATION_END):
                self._allocation_action(action)
            elif action.kind in _PLAN_KINDS:
                plan_writer.apply(self, action, actor_id)
            else:
                self._request_action(action, actor_id)
        for index, request in self.requests.items():
            if request.status in OPEN_STATUSES:
                # As refresh_tracking, as of `as_of`: what the daily sweep would leave on the row.
                result = tracking(
                    request_deadlines(
                        request,
                        [v for (r, _), v in self.advice.items() if r == index],
                        [v for (r, _), v in self.consultations.items() if r == index],
                        self.exceptions.get(index, []),
                        self.shared.as_of,
                    )
                )
                request.next_step, request.next_due, request.overdue_steps = (
                    result.next_step,
                    result.next_due,
                    result.overdue_steps,
                )
        plan_writer.finish(self)

    def _event(
        self, kind: str, subject: Model, on: dt.date, summary: str, actor_id: int, **extra: Any
    ) -> None:
        """The CaseEvent `case_event_record` would write."""
        self.out.add(
            NEW[CaseEvent](
                id=next(self.ids[CaseEvent]),
                child_id=self.child.pk,
                subject_type=subject._meta.model_name,
                subject_id=subject.pk,
                kind=kind,
                occurred_on=on,
                actor_id=actor_id,
                summary=summary[:300],
                old_state=extra.get("old_state", ""),
                new_state=extra.get("new_state", ""),
                reason=extra.get("reason", ""),
                visible_to_family=extra.get("visible", True),
                data=extra.get("data") or {},
            )
        )

    def _record_action(self, action: h.Action, actor_id: int) -> None:
        """As people.services.child_create and contact_add."""
        if action.kind == h.CHILD_CREATE:
            self._event(EventKind.CHILD_CREATED, self.child, action.on, "Record created", actor_id)
            return
        c = self.plan.child.contacts[action.args["index"]]
        contact = NEW[Contact](
            id=next(self.ids[Contact]),
            child_id=self.child.pk,
            **{name: getattr(c, name) for name in _CONTACT_FIELDS},
            created_by_id=actor_id,
            updated_by_id=actor_id,
        )
        self.out.add(contact)
        label = Relationship(c.relationship).label.lower()
        self._event(
            EventKind.CONTACT_ADDED, contact, action.on, f"Contact added: {label}", actor_id, visible=False
        )

    def _allocation_action(self, action: h.Action) -> None:
        """As caseload.services.allocation_assign (a first allocation or a reallocation) and allocation_end;
        the team manager allocates."""
        index = action.args["index"]
        spec = self.plan.allocations[index]
        officer = self.shared.staff.officers[spec.officer]
        team = self.shared.staff.teams[spec.officer[0]]
        label = f"{officer.display_name} ({team.name})"
        manager_id = self.manager.pk
        if action.kind == h.ALLOCATION_END:
            allocation = self.allocations[index]
            self._event(
                EventKind.ALLOCATED,
                allocation,
                action.on,
                f"Case no longer allocated to {label}",
                manager_id,
                old_state="allocated",
                new_state="unallocated",
                reason=spec.end_reason,
                data={"allocation_id": allocation.pk, "officer_id": officer.pk, "team_id": team.pk},
            )
            if self.holder is allocation:
                self.holder = None
            return
        zone = self.shared.zone
        allocation = NEW[Allocation](
            id=next(self.ids[Allocation]),
            child_id=self.child.pk,
            officer_id=officer.pk,
            team_id=team.pk,
            started_at=spec.started.replace(tzinfo=zone),
            ended_at=spec.ended.replace(tzinfo=zone) if spec.ended else None,
            reason=spec.reason,
            created_by_id=manager_id,
            updated_by_id=manager_id,
        )
        self.out.add(allocation)
        self.allocations[index] = allocation
        previous = self.allocations.get(spec.replaces) if spec.replaces is not None else None
        self._event(
            EventKind.ALLOCATED,
            allocation,
            action.on,
            f"Case allocated to {label}",
            manager_id,
            old_state="allocated" if previous is not None else "unallocated",
            new_state="allocated",
            reason=spec.reason,
            data={
                "allocation_id": allocation.pk,
                "officer_id": officer.pk,
                "team_id": team.pk,
                "previous_allocation_id": previous.pk if previous is not None else None,
                "previous_officer_id": previous.officer_id if previous is not None else None,
            },
        )
        self.holder = allocation

    def _request_action(self, action: h.Action, actor_id: int) -> None:
        """As the assessments service for the action: the same fields, version, event and data."""
        ids, out, event, child = self.ids, self.out, self._event, self.child
        requests, advice, consultations = self.requests, self.advice, self.consultations
        kind, on, args, index = action.kind, action.on, action.args, action.request
        if kind == h.REQUEST:
            establishment = args["requesting_establishment"]
            request = NEW[AssessmentRequest](
                id=next(ids[AssessmentRequest]),
                child_id=child.pk,
                received_on=on,
                source=args["source"],
                requester_name=args["requester_name"],
                requesting_establishment_id=establishment,
                summary=args["summary"],
                created_by_id=actor_id,
                updated_by_id=actor_id,
            )
            requests[index] = request
            out.add(request)
            event(
                EventKind.REQUEST_RECEIVED,
                request,
                on,
                "Request for an EHC needs assessment received from "
                f"{RequestSource(args['source']).label.lower()}",
                actor_id,
                new_state=request.status,
                data={"request_id": request.pk, "source": args["source"]},
            )
            return
        request = requests[index]
        allowed = _ALLOWED_FROM.get(kind) or _EXCEPTION_OPEN[Step(args["step"])]
        if request.status not in allowed:
            raise ReplayError(f"{kind} on {on} is not allowed at '{request.status}' (child {child.pk})")
        old = request.status
        subject: Model = request
        summary = ""
        data: dict = {}
        extra: dict = {}
        if kind == h.DECIDE:
            request.assessment_decided_on = on
            request.decision_reason = args["reason"].strip()
            if args["assess"]:
                request.status = S.ASSESSING
                event_kind, summary = (
                    EventKind.ASSESSMENT_AGREED,
                    "Decided to carry out an EHC needs assessment",
                )
            else:
                request.status = S.NOT_ASSESSING
                request.closed_on = on
                event_kind, summary = (
                    EventKind.ASSESSMENT_REFUSED,
                    "Decided not to carry out an EHC needs assessment",
                )
            extra["reason"] = args["reason"].strip()
        elif kind == h.ADVICE_REQUEST:
            item = NEW[AdviceRequest](
                id=next(ids[AdviceRequest]),
                request_id=request.pk,
                adviser_type=args["adviser_type"],
                adviser_name=args["adviser_name"].strip(),
                requested_on=on,
                created_by_id=actor_id,
            )
            advice[(index, args["index"])] = item
            out.add(item)
            subject, event_kind = item, EventKind.ADVICE_REQUESTED
            label = AdviserType(item.adviser_type).label
            summary = f"{label} advice requested, due {_day(statutory.advice_due(on))}"
            data = {"advice_id": item.pk, "adviser_type": item.adviser_type}
        elif kind == h.ADVICE_RECEIPT:
            item = advice[(index, args["index"])]
            item.received_on = on
            item.updated_by_id = actor_id
            status = statutory.step_status(
                statutory.advice_due(item.requested_on), on, on, bool(item.exception_reason)
            )
            subject, event_kind = item, EventKind.ADVICE_RECEIVED
            summary = f"{AdviserType(item.adviser_type).label} advice received" + (
                " late" if status == statutory.StepStatus.LATE else ""
            )
            data = {"advice_id": item.pk, "status": status}
        elif kind == h.ADVICE_CHASE:
            item = advice[(index, args["index"])]
            item.last_chased_on = on
            item.times_chased += 1
            item.updated_by_id = actor_id
            subject, event_kind = item, EventKind.ADVICE_CHASED
            summary = f"{AdviserType(item.adviser_type).label} advice chased (time {item.times_chased})"
            data = {"advice_id": item.pk}
            extra["visible"] = False
        elif kind == h.ADVICE_EXCEPTION:
            item = advice[(index, args["index"])]
            item.exception_reason = args["reason"]
            item.exception_notes = args["notes"].strip()[:300]
            item.updated_by_id = actor_id
            subject, event_kind = item, EventKind.ADVICE_EXCEPTION
            summary = (
                f"Exception to the {AdviserType(item.adviser_type).label.lower()} advice deadline: "
                f"{statutory.ADVICE_EXCEPTION_REASONS[args['reason']].lower()}"
            )
            extra["reason"] = args["notes"].strip()
            data = {"advice_id": item.pk, "reason": args["reason"]}
        elif kind == h.ISSUE:
            request.issue_decided_on = on
            if args["issue"]:
                request.status = S.ISSUE_DECIDED
                event_kind, summary = EventKind.ISSUE_AGREED, "Decided to issue an EHC plan"
            else:
                request.status = S.NOT_ISSUING
                request.closed_on = on
                request.decision_reason = args["reason"].strip()
                event_kind, summary = EventKind.ISSUE_REFUSED, "Decided not to issue an EHC plan"
            extra["reason"] = args["reason"].strip()
        elif kind == h.DRAFT_SERVE:
            request.status = S.DRAFT_SERVED
            request.draft_served_on = on
            event_kind = EventKind.DRAFT_SERVED
            summary = (
                "Draft plan sent to the family; their 15 days to comment end on "
                f"{_day(statutory.draft_comment_period_ends(on))}"
            )
        elif kind == h.DRAFT_RESPONSE:
            preferred = self.shared.establishments.get(args["preferred_establishment"])
            request.family_comments_received_on = on
            request.family_preferred_establishment_id = preferred.pk if preferred else None
            request.family_preference_notes = args["preference_notes"].strip()[:300]
            request.meeting_requested = args["meeting_requested"]
            parts = ["Family's response to the draft plan received"]
            if preferred:
                parts.append(f"they asked for {preferred.name}")
            if args["meeting_requested"]:
                parts.append("they asked for a meeting")
            event_kind, summary = EventKind.DRAFT_RESPONSE, "; ".join(parts)
            extra["reason"] = args["comments"].strip()
            data = {
                "preferred_establishment_id": preferred.pk if preferred else None,
                "meeting_requested": args["meeting_requested"],
            }
        elif kind == h.CONSULT_SEND:
            establishment = self.shared.establishments[args["establishment"]]
            item = NEW[Consultation](
                id=next(ids[Consultation]),
                request_id=request.pk,
                sent_on=on,
                created_by_id=actor_id,
            )
            item.establishment = establishment
            consultations[(index, args["index"])] = item
            out.add(item)
            subject, event_kind = item, EventKind.CONSULTATION_SENT
            due = statutory.consultation_response_due(on)
            summary = f"{establishment.name} consulted; answer expected by {_day(due)}"
            data = {"consultation_id": item.pk, "establishment_id": establishment.pk}
        elif kind == h.CONSULT_ANSWER:
            item = consultations[(index, args["index"])]
            item.answered_on = on
            item.outcome = args["outcome"]
            item.notes = args["notes"].strip()
            item.updated_by_id = actor_id
            subject, event_kind = item, EventKind.CONSULTATION_ANSWERED
            outcome = ConsultationOutcome(item.outcome).label.lower()
            summary = f"{item.establishment.name} answered: {outcome}"
            data = {"consultation_id": item.pk, "outcome": item.outcome}
        elif kind == h.FINAL:
            named = self.shared.establishments.get(args["named_establishment"])
            request.status = S.FINAL_ISSUED
            request.final_issued_on = on
            request.closed_on = on
            plan = NEW[EHCPlan](
                id=next(ids[EHCPlan]),
                child_id=child.pk,
                request_id=request.pk,
                status=PlanStatus.ACTIVE,
                issued_on=on,
                named_establishment_id=named.pk if named else None,
                primary_need=args["need"],
                created_by_id=actor_id,
            )
            out.add(plan)
            self.plan_state.plan = plan
            limits = statutory.assessment_deadlines(request.received_on)
            weeks = (on - request.received_on).days // 7
            on_time = on <= limits.final_plan_due
            event_kind = EventKind.FINAL_PLAN_ISSUED
            summary = f"Final EHC plan issued after {weeks} weeks" + (
                "" if on_time else " (later than 20 weeks)"
            )
            data = {
                "plan_id": plan.pk,
                "within_20_weeks": on_time,
                "named_establishment_id": named.pk if named else None,
            }
        elif kind in (h.WITHDRAW, h.MOVE_OUT):
            request.status = S.WITHDRAWN if kind == h.WITHDRAW else S.MOVED_OUT
            request.closed_on = on
            event_kind = EventKind.REQUEST_WITHDRAWN if kind == h.WITHDRAW else EventKind.MOVED_OUT
            summary = "Request withdrawn" if kind == h.WITHDRAW else "Moved out of the area"
            extra["reason"] = args["reason"].strip()
        elif kind in (h.EXCEPTION, h.NOT_ISSUE_EXCEPTION):
            step = Step(args["step"])
            item = NEW[StepException](
                id=next(ids[StepException]),
                request_id=request.pk,
                step=step,
                reason=args["reason"],
                starts_on=on,
                ends_on=args["ends_on"],
                family_told_on=args["family_told_on"],
                notes=args["notes"].strip(),
                created_by_id=actor_id,
            )
            self.exceptions.setdefault(index, []).append(item)
            out.add(item)
            subject, event_kind = item, EventKind.EXCEPTION_RECORDED
            why = statutory.EXCEPTION_REASONS[args["reason"]].lower()
            summary = f"Exception to the {step.label.lower()}: {why}"
            extra["reason"] = args["notes"].strip()
            told = args["family_told_on"]
            data = {
                "exception_id": item.pk,
                "step": step,
                "reason": args["reason"],
                "family_told_on": told.isoformat() if told else None,
            }
        else:
            raise ReplayError(f"unknown action {kind}")
        # As `_save`: every step bumps the version and names who changed the request last.
        request.version += 1
        request.updated_by_id = actor_id
        is_transition = kind in _TRANSITIONS
        event(
            event_kind,
            subject,
            on,
            summary,
            actor_id,
            old_state=old if is_transition else "",
            new_state=request.status if is_transition else "",
            data={"request_id": request.pk, **data},
            **extra,
        )


_CHILD_FIELDS = (
    "legal_first_name",
    "legal_middle_names",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "uln",
    "nhs_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "locality_id",
    "first_language",
    "interpreter_needed",
    "acts_for_self",
)
_CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "relationship",
    "parental_responsibility",
    "email",
    "phone",
    "address",
    "postcode",
    "preferred_contact",
    "communication_needs",
    "language",
    "interpreter_needed",
    "is_main_contact",
)


INSERT_METHODS = ("auto", "bulk_create", "copy")


def insert(model: type[Model], rows: list[Model], method: str = "auto") -> None:
    """Insert the rows: PostgreSQL's COPY where available ("auto"), else bulk_create in batches.

    bulk_create is the portable way and what SQLite uses. On PostgreSQL, Django 5.2 sends each batch as
    UNNEST over array literals that psycopg builds client-side: measured here, about 15,000 CaseEvent rows
    a second against about 75,000 for COPY, and 72 s against 33 s for the whole seed of 25,000 children
    (`--insert bulk_create` to compare). The values are the ones bulk_create would send: each field's
    attribute, JSON through the field's own get_db_prep_save, auto_now(_add) times set to now.
    """
    if not rows:
        return
    if method == "bulk_create" or (method == "auto" and connection.vendor != "postgresql"):
        model.objects.bulk_create(rows, batch_size=BATCH)
        return
    if connection.vendor != "postgresql":
        raise ValueError("COPY is only available on PostgreSQL")
    now = timezone.now()

    def stamped(name: str):
        # auto_now / auto_now_add: what pre_save would set, kept on the instance as bulk_create does.
        def get(obj: Model) -> dt.datetime:
            obj.__dict__[name] = now
            return now

        return get

    fields = model._meta.concrete_fields
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(stamped(f.attname))
        elif isinstance(f, JSONField):
            getters.append(lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection))
        else:
            getters.append(attrgetter(f.attname))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in rows:
            copy.write_row([get(obj) for get in getters])
    for obj in rows:
        obj._state.adding = False
        obj._state.db = connection.alias


def write(
    plans: list[ChildPlan],
    *,
    staff: StaffIds,
    as_of: dt.date,
    progress=None,
    method: str = "auto",
) -> Written:
    """Insert every child's rows, a chunk of children at a time (bounded memory at any size)."""
    establishments = {e.pk: e for e in Establishment.objects.all()}
    replayer = Replayer(staff=staff, establishments=establishments, as_of=as_of)
    reserver = IdReserver()
    written = Written()
    for start in range(0, len(plans), CHUNK):
        chunk = plans[start : start + CHUNK]
        needed = replayer.counts(chunk)
        ids = {model: reserver.take(model, needed[model]) for model in MODELS}
        out = _Buffers()
        for plan in chunk:
            replayer.replay(plan, ids, out)
        for model in MODELS:
            rows = out.rows[model]
            if len(rows) != needed[model]:
                raise ReplayError(f"{model.__name__}: expected {needed[model]} rows, built {len(rows)}")
            insert(model, rows, method)
            written.add(model, len(rows))
        if progress is not None:
            progress(start + len(chunk), len(plans))
    return written
