"""Who holds each child's case, and how many officers each team needs.

Teams are one per locality. Each team gets enough officers to keep their open cases (children with an
open request, which is what `caseload.selectors.caseloads` compares with the threshold) at about 60% of
the threshold, then one or two officers are deliberately loaded past it so the manager's view has
something to show. A few percent of open cases are left unallocated (mostly requests that arrived in the
last week), some cases were reallocated once, and a child whose request closed without a plan has their
allocation ended a few weeks later.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from sendcase.assessments.models import RequestStatus

from .population import AWAITING_ALLOCATION, AllocationSpec, ChildPlan
from .sampling import between, one_of

S = RequestStatus
DAY = dt.timedelta(days=1)

# Open cases per officer, as a share of the threshold, that the team is sized for.
TARGET_LOAD = 0.6
MIN_OFFICERS_PER_TEAM = 2
# Requests received in the last week wait for allocation about half the time; other open cases rarely.
NEW_REQUEST_DAYS = 7
NEW_REQUEST_UNALLOCATED = 0.5
OPEN_UNALLOCATED = 0.025
PLAN_UNALLOCATED = 0.01
REALLOCATED = 0.06
# A closed request's allocation ends within this many days of closing.
CLOSE_ALLOCATION_WITHIN = 28

_REALLOCATION_REASONS = (
    "Officer moved to another team.",
    "Caseload rebalanced across the team.",
    "The family asked for a different officer.",
    "Officer on long-term leave.",
)
_LEFT_REASONS = ("Officer left the service; case awaiting reallocation.", "Officer on long-term sick leave.")


@dataclass(frozen=True)
class Staffing:
    officers_per_team: list[int]
    # (team, officer) keys of the officers loaded past the threshold, and how many open cases each holds.
    overloaded: dict[tuple[int, int], int]
    threshold: int


def _at(rng: random.Random, day: dt.date) -> dt.datetime:
    # Office hours, so the timeline reads as work done during the day.
    return dt.datetime.combine(day, dt.time(between(rng, 9, 16), between(rng, 0, 59)))


def plan_allocations(
    plans: list[ChildPlan], *, teams: int, threshold: int, as_of: dt.date, seed: int
) -> Staffing:
    """Fill in `plan.allocations` for every child and return how many officers each team needs."""
    rng = random.Random(f"sendcase-demo:{seed}:allocations")
    current_open: dict[int, list[ChildPlan]] = defaultdict(list)
    current_other: dict[int, list[ChildPlan]] = defaultdict(list)
    ended: dict[int, list[tuple[ChildPlan, dt.date, str]]] = defaultdict(list)
    # Allocations start and end on days before `as_of`: a time of day on `as_of` itself could still be
    # in the future when `as_of` is today.
    last_day = as_of - DAY
    for plan in plans:
        main = plan.main
        start = min(main.received_on + DAY * between(rng, 0, 7), last_day)
        if main.closed_on is not None and main.status != S.FINAL_ISSUED:
            start = min(start, main.closed_on)
        if start < main.received_on or plan.scenario == AWAITING_ALLOCATION:
            # Received today (nobody has had the chance to allocate it yet), or the case kept for the
            # manager's unallocated list.
            continue
        spec = AllocationSpec(officer=(-1, -1), started=_at(rng, start))
        if plan.is_open or main.status == S.FINAL_ISSUED:
            new = main.status == S.RECEIVED and (as_of - main.received_on).days <= NEW_REQUEST_DAYS
            unallocated = (
                PLAN_UNALLOCATED if not plan.is_open else NEW_REQUEST_UNALLOCATED if new else OPEN_UNALLOCATED
            )
            if rng.random() < unallocated:
                # Nobody holds it now: either it was never allocated (a new request), or the officer who
                # held it left and it has not been reallocated yet.
                if main.status != S.RECEIVED and (as_of - start).days > 15:
                    plan.allocations.append(spec)
                    end = start + DAY * between(rng, 14, (as_of - start).days - 1)
                    ended[plan.team].append((plan, end, one_of(rng, _LEFT_REASONS)))
                continue
            plan.allocations.append(spec)
            (current_open if plan.is_open else current_other)[plan.team].append(plan)
            continue
        # Closed without a plan: the allocation ends a few weeks after the request closed.
        plan.allocations.append(spec)
        end = main.closed_on + DAY * between(rng, 1, CLOSE_ALLOCATION_WITHIN)
        if end <= last_day:
            ended[plan.team].append((plan, end, "Request closed; no further involvement from the team."))
        else:
            current_other[plan.team].append(plan)

    officers = [
        max(MIN_OFFICERS_PER_TEAM, math.ceil(len(current_open[t]) / (threshold * TARGET_LOAD)))
        for t in range(teams)
    ]
    overloaded = _overload(rng, current_open, officers, teams, threshold)
    _hand_out(rng, current_open, current_other, ended, officers, overloaded)
    _reallocate(rng, plans, officers, as_of)
    return Staffing(officers_per_team=officers, overloaded=overloaded, threshold=threshold)


def _overload(
    rng: random.Random,
    current_open: dict[int, list[ChildPlan]],
    officers: list[int],
    teams: int,
    threshold: int,
) -> dict[tuple[int, int], int]:
    """Give one or two officers more open cases than the threshold, if there are enough open cases."""
    # Never take more than three quarters of any team's open cases, so the team's other officers (the
    # "officer" demo login among them) keep a caseload; taking one from each team in turn spreads it.
    spare = {t: len(current_open[t]) * 3 // 4 for t in range(teams)}
    total = sum(spare.values())
    if teams == 1:
        # Both busy officers come from the one team, which must still have someone under the threshold.
        officers[0] = max(officers[0], 3)
    targets = [threshold + max(3, threshold // 8), threshold + max(1, threshold // 30)]
    keys = [(0, 0), (1 % teams, 0) if teams > 1 else (0, 1)]
    if total >= sum(targets):
        chosen = list(zip(keys, targets, strict=True))
    elif total >= targets[0]:
        chosen = [(keys[0], targets[0])]
    else:
        return {}
    for t in range(teams):
        rng.shuffle(current_open[t])
    overloaded: dict[tuple[int, int], int] = {}
    for key, target in chosen:
        # Their own team's cases first in each round, then one from each other team (officers cover).
        order = [key[0]] + [t for t in range(teams) if t != key[0]]
        taken: list[ChildPlan] = []
        while len(taken) < target and any(spare[t] for t in order):
            for t in order:
                if spare[t] and len(taken) < target:
                    taken.append(current_open[t].pop())
                    spare[t] -= 1
        for plan in taken:
            plan.allocations[-1].officer = key
        overloaded[key] = len(taken)
    return {k: v for k, v in overloaded.items() if v > threshold}


def _hand_out(
    rng: random.Random,
    current_open: dict[int, list[ChildPlan]],
    current_other: dict[int, list[ChildPlan]],
    ended: dict[int, list[tuple[ChildPlan, dt.date, str]]],
    officers: list[int],
    overloaded: dict[tuple[int, int], int],
) -> None:
    for team, count in enumerate(officers):
        normal = [(team, n) for n in range(count) if (team, n) not in overloaded]
        everyone = [(team, n) for n in range(count)]
        pool = sorted(current_open.get(team, []), key=lambda p: p.index)
        rng.shuffle(pool)
        for i, plan in enumerate(pool):
            plan.allocations[-1].officer = normal[i % len(normal)]
        others = sorted(current_other.get(team, []), key=lambda p: p.index)
        rng.shuffle(others)
        for i, plan in enumerate(others):
            plan.allocations[-1].officer = everyone[i % len(everyone)]
        for i, (plan, end, reason) in enumerate(sorted(ended.get(team, []), key=lambda e: e[0].index)):
            spec = plan.allocations[-1]
            spec.officer = everyone[(i * 7) % len(everyone)]
            spec.ended = _at(rng, end)
            if spec.ended <= spec.started:
                spec.ended = spec.started + dt.timedelta(hours=1)
            spec.end_reason = reason


def _reallocate(rng: random.Random, plans: list[ChildPlan], officers: list[int], as_of: dt.date) -> None:
    """Some cases changed hands once: the earlier officer held it first, the current one took over."""
    for plan in plans:
        if len(plan.allocations) != 1 or officers[plan.team] < 2 or rng.random() >= REALLOCATED:
            continue
        spec = plan.allocations[0]
        last_day = (spec.ended.date() if spec.ended else as_of) - DAY
        first_day = spec.started.date() + DAY * 30
        if last_day <= first_day:
            continue
        moved = _at(rng, first_day + DAY * between(rng, 0, (last_day - first_day).days))
        team, number = spec.officer
        earlier = AllocationSpec(
            officer=(team, (number + 1 + rng.randrange(officers[team] - 1)) % officers[team]),
            started=spec.started,
            ended=moved,
        )
        later = AllocationSpec(
            officer=spec.officer,
            started=moved,
            ended=spec.ended,
            end_reason=spec.end_reason,
            reason=one_of(rng, _REALLOCATION_REASONS),
            replaces=0,
        )
        plan.allocations[:] = [earlier, later]
