"""Rules of Role Assignment: status, periods, competence evidence, desk roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from isms_leadership.core.dates import periods_overlap
from isms_leadership.core.i18n import _


class Status(str, Enum):
	DRAFT = "Draft"
	PENDING_APPROVAL = "Pending Approval"
	SCHEDULED = "Scheduled"
	ACTIVE = "Active"
	EXPIRING = "Expiring"
	ENDED = "Ended"
	VACATED = "Vacated"


#: statuses in which the assignment is held today (its desk role is granted)
HELD = frozenset({Status.ACTIVE, Status.EXPIRING})
PENDING_WORKFLOW_STATES = frozenset({"Pending Approval"})
#: employee statuses that end every assignment the employee holds
LEAVING_STATUSES = frozenset({"Left", "Inactive", "Suspended"})


def assignment_status(
	*,
	docstatus: int,
	workflow_state: str | None,
	from_date: date,
	to_date: date | None,
	vacated: bool,
	today: date,
	lead_days: int,
) -> Status:
	"""The one status of an assignment on ``today``."""
	if docstatus == 0:
		return Status.PENDING_APPROVAL if workflow_state in PENDING_WORKFLOW_STATES else Status.DRAFT
	if vacated:
		return Status.VACATED
	if docstatus == 2:
		return Status.ENDED
	if to_date is not None and to_date < today:
		return Status.ENDED
	if from_date > today:
		return Status.SCHEDULED
	if to_date is not None and (to_date - today).days <= lead_days:
		return Status.EXPIRING
	return Status.ACTIVE


def is_held(status: Status | str) -> bool:
	return Status(status) in HELD


def vacate_date(employee_status: str | None, relieving_date: date | None, today: date) -> date | None:
	"""The day an employee's assignments end because the employee leaves, or None.

	A relieving date in the past or today ends them then; an employee set to Left, Inactive
	or Suspended without a relieving date (or with a future one) loses them today.
	"""
	if relieving_date is not None and relieving_date <= today:
		return relieving_date
	if employee_status in LEAVING_STATUSES:
		return today
	return None


def overlapping(
	from_date: date, to_date: date | None, others: Iterable[tuple[str, date, date | None]]
) -> list[str]:
	"""Names of ``others`` (name, from, to) whose period shares a day with ours."""
	return [name for name, o_from, o_to in others if periods_overlap(from_date, to_date, o_from, o_to)]


class CompetenceGap(str, Enum):
	MISSING = "missing"
	EXPIRED = "expired"


def competence_gap(required: bool, valid_until: Iterable[date | None], on_date: date) -> CompetenceGap | None:
	"""Whether the evidence rows (their valid-until dates; None = no expiry) cover ``on_date``."""
	if not required:
		return None
	rows = list(valid_until)
	if not rows:
		return CompetenceGap.MISSING
	if any(until is None or until >= on_date for until in rows):
		return None
	return CompetenceGap.EXPIRED


def roles_to_revoke(ending: Iterable[str | None], still_granted: Iterable[str | None]) -> set[str]:
	"""Desk roles an ending assignment takes away: those no other held assignment grants."""
	return {role for role in ending if role} - {role for role in still_granted if role}


# holding an appointment on a day -----------------------------------------------------------


@dataclass(frozen=True)
class Holding:
	"""One appointment as approved, and its Employee as it stands now.

	``approved_user`` is the user fixed when top management approved the appointment;
	``employee_user`` is the user the Employee record points at today.
	"""

	docstatus: int
	vacated: bool
	from_date: date
	to_date: date | None
	approved_user: str | None
	employee_status: str | None
	relieving_date: date | None
	employee_user: str | None


@dataclass(frozen=True)
class Lapse:
	"""Why an appointment is not held on a day: a message template and its arguments.

	Dates stay dates, for the caller to format in the user's format."""

	reason: str
	args: tuple = ()


def holding_lapse(holding: Holding, today: date) -> Lapse | None:
	"""None when ``holding`` is held on ``today``; otherwise the first reason it is not.

	Held means: approved, not vacated, inside its dates (both ends inclusive), its Employee
	Active with no relieving date on or before ``today``, and the Employee still pointing
	at the user the appointment was approved for. Nothing else (a nightly job, a desk role)
	makes an appointment held.
	"""
	if holding.docstatus == 2:
		return Lapse(_("the appointment was cancelled"))
	if holding.docstatus != 1:
		return Lapse(_("the appointment is not approved"))
	if holding.vacated:
		return Lapse(_("the appointment was vacated"))
	if holding.to_date is not None and holding.to_date < today:
		return Lapse(_("the appointment ended on {0}"), (holding.to_date,))
	if holding.from_date > today:
		return Lapse(_("the appointment starts on {0}"), (holding.from_date,))
	if holding.employee_status != "Active":
		return Lapse(_("the Employee is {0}"), (holding.employee_status or "",))
	if holding.relieving_date is not None and holding.relieving_date <= today:
		return Lapse(_("the Employee is relieved as of {0}"), (holding.relieving_date,))
	if not holding.approved_user:
		return Lapse(_("the appointment was approved for an Employee without a user"))
	if _norm(holding.employee_user) != _norm(holding.approved_user):
		return Lapse(
			_("the appointment was approved for {0} and its Employee now points at {1}"),
			(holding.approved_user, holding.employee_user or _("no user")),
		)
	return None


def _norm(user: str | None) -> str:
	return (user or "").strip().casefold()


def may_end_early(today: date, end_date: date) -> bool:
	"""Hand-over and end dates of an approved appointment are today or later: the past is
	history and stays as it was."""
	return end_date >= today
