"""Leadership in practice: security objectives (6.2), the communication plan (7.4) and top
management's own awareness (7.3). Rules only: no database, no frappe."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from isms_leadership.core.dates import add_months
from isms_leadership.core.i18n import _

#: how often something recurs, in months
FREQUENCY_MONTHS: dict[str, int] = {
	"Monthly": 1,
	"Quarterly": 3,
	"Half-yearly": 6,
	"Yearly": 12,
}
FREQUENCIES = tuple(FREQUENCY_MONTHS)

HIGHER_IS_BETTER = "Higher is better"
LOWER_IS_BETTER = "Lower is better"
DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER)


def next_due(last: date | None, since: date, frequency: str) -> date:
	"""When something recurring at ``frequency`` is next due: one period after it last
	happened, or one period after ``since`` (when it was planned) if it never happened."""
	months = FREQUENCY_MONTHS.get(frequency)
	if not months:
		raise ValueError(f"unknown frequency {frequency!r}")
	return add_months(last or since, months)


def is_overdue(due: date, today: date) -> bool:
	return today > due


# objectives ----------------------------------------------------------------------------


class ObjectiveStatus(str, Enum):
	ON_TRACK = "On track"
	AT_RISK = "At risk"
	OFF_TRACK = "Off track"
	ACHIEVED = "Achieved"
	NOT_MEASURED = "Not measured"


@dataclass(frozen=True)
class Measurement:
	day: date
	value: float


def meets_target(value: float, target: float, direction: str) -> bool:
	if direction == LOWER_IS_BETTER:
		return value <= target
	return value >= target


def expected_value(first: Measurement, target: float, due: date, day: date) -> float:
	"""Where the measure should be on ``day`` on a straight line from the first measurement
	to the target on the due date."""
	if due <= first.day or day >= due:
		return target
	if day <= first.day:
		return first.value
	share = (day - first.day).days / (due - first.day).days
	return first.value + (target - first.value) * share


def objective_status(
	*,
	target: float,
	direction: str,
	measurements: Iterable[Measurement],
	due_date: date,
	frequency: str,
	since: date,
	today: date,
	tolerance: float = 10.0,
) -> ObjectiveStatus:
	"""The status of an objective on ``today``.

	- Achieved: the latest measurement meets the target.
	- Not measured: no measurement yet, or the next one is overdue (the status is unknown).
	- Off track: the due date passed without the target being met, or the latest value is
	  further than ``tolerance`` percent of the way from the expected value.
	- At risk: the latest value is behind the expected value, within the tolerance.
	- On track: the latest value is at or ahead of the expected value.

	The expected value runs in a straight line from the first measurement (the baseline) to
	the target on the due date.
	"""
	rows = sorted(measurements, key=lambda m: m.day)
	if not rows:
		return ObjectiveStatus.NOT_MEASURED
	first, latest = rows[0], rows[-1]
	if meets_target(latest.value, target, direction):
		return ObjectiveStatus.ACHIEVED
	if today > due_date:
		return ObjectiveStatus.OFF_TRACK
	if is_overdue(next_due(latest.day, since, frequency), today):
		return ObjectiveStatus.NOT_MEASURED
	expected = expected_value(first, target, due_date, latest.day)
	behind = expected - latest.value if direction != LOWER_IS_BETTER else latest.value - expected
	if behind <= 0:
		return ObjectiveStatus.ON_TRACK
	span = abs(target - first.value) or abs(target) or 1.0
	if 100.0 * behind / span <= tolerance:
		return ObjectiveStatus.AT_RISK
	return ObjectiveStatus.OFF_TRACK


def measurement_due(measurements: Iterable[Measurement], since: date, frequency: str) -> date:
	days = [m.day for m in measurements]
	return next_due(max(days) if days else None, since, frequency)


@dataclass(frozen=True)
class ObjectiveLine:
	name: str
	objective: str
	status: str
	latest_value: float | None
	target: float
	unit: str | None = None


def objectives_summary(lines: Iterable[ObjectiveLine]) -> str:
	"""The text of management review input d4 (fulfilment of information security
	objectives): counts by status, then one line per objective."""
	lines = list(lines)
	if not lines:
		return _("No approved information security objective.")
	counts = {status.value: 0 for status in ObjectiveStatus}
	for line in lines:
		counts[line.status] = counts.get(line.status, 0) + 1
	head = _("Objectives: {0} approved; {1}.").format(
		len(lines),
		", ".join(f"{_(status)} {count}" for status, count in counts.items() if count),
	)
	body = []
	for line in lines:
		unit = f" {line.unit}" if line.unit else ""
		latest = _("not measured") if line.latest_value is None else f"{line.latest_value:g}{unit}"
		body.append(
			_("{0} {1}: {2} (latest {3}, target {4}).").format(
				line.name, line.objective, _(line.status), latest, f"{line.target:g}{unit}"
			)
		)
	return "\n".join([head, *body])


# communication -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedCommunication:
	name: str
	frequency: str | None
	planned_since: date
	last_communicated: date | None


def plan_row_due(row: PlannedCommunication) -> date | None:
	"""When a recurring planned communication is next due; None for one triggered by an event."""
	if not row.frequency:
		return None
	return next_due(row.last_communicated, row.planned_since, row.frequency)


def overdue_plan_rows(rows: Iterable[PlannedCommunication], today: date) -> list[str]:
	return [row.name for row in rows if (due := plan_row_due(row)) is not None and is_overdue(due, today)]


def uncommunicated_policies(
	published: Iterable[tuple[str, date]], communicated: Iterable[str], within_days: int, today: date
) -> list[str]:
	"""Policies published more than ``within_days`` ago with no communication linked to them."""
	done = set(communicated)
	return [
		name
		for name, published_on in published
		if name not in done and (today - published_on).days > within_days
	]


# leadership awareness ------------------------------------------------------------------

AWARENESS_VALID_MONTHS = 12


class AwarenessState(str, Enum):
	CURRENT = "Current"
	LAPSING = "Lapsing"
	LAPSED = "Lapsed"
	NONE = "No Record"


def awareness_expires(completed_on: date | None) -> date | None:
	return add_months(completed_on, AWARENESS_VALID_MONTHS) if completed_on else None


def awareness_state(completed_on: date | None, today: date, lead_days: int) -> AwarenessState:
	"""Security awareness counts for twelve months after it was completed."""
	if not completed_on:
		return AwarenessState.NONE
	expires = awareness_expires(completed_on)
	if expires <= today:
		return AwarenessState.LAPSED
	if (expires - today).days <= lead_days:
		return AwarenessState.LAPSING
	return AwarenessState.CURRENT


@dataclass(frozen=True)
class LeaderAwareness:
	employee: str
	name: str
	last_completed: date | None
	#: None when the company has no information security policy in force to acknowledge
	acknowledged_top_policy: bool | None


def leaders_lacking(leaders: Iterable[LeaderAwareness], today: date) -> list[str]:
	"""Top-management holders without current awareness or who have not acknowledged the
	top-level policy in force (named by their names)."""
	return [
		leader.name
		for leader in leaders
		if awareness_state(leader.last_completed, today, 0) is not AwarenessState.CURRENT
		or leader.acknowledged_top_policy is False
	]
