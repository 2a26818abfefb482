"""Rules of the management review (9.3) and the actions it decides (10.1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from isms_leadership.core.dates import add_months
from isms_leadership.core.i18n import _
from isms_leadership.core.practice import objectives_summary

#: the inputs clause 9.3.2 asks a management review to consider, in clause order
INPUTS: tuple[tuple[str, str], ...] = (
	("a", _("Status of actions from previous management reviews")),
	("b", _("Changes in external and internal issues relevant to the ISMS")),
	("c", _("Changes in needs and expectations of interested parties relevant to the ISMS")),
	("d1", _("Nonconformities and corrective actions")),
	("d2", _("Monitoring and measurement results")),
	("d3", _("Audit results")),
	("d4", _("Fulfilment of information security objectives")),
	("e", _("Feedback from interested parties")),
	("f", _("Results of risk assessment and status of the risk treatment plan")),
	("g", _("Opportunities for continual improvement")),
)
INPUT_CODES = tuple(code for code, _label in INPUTS)

DECISION_TYPES = (
	"Improvement Opportunity",
	"Change to the ISMS",
	"Resource Need",
	"Policy Change",
	"Objective Change",
)


class ReviewStatus(str, Enum):
	PLANNED = "Planned"
	IN_PROGRESS = "In Progress"
	AWAITING_SIGN_OFF = "Awaiting Sign-off"
	COMPLETED = "Completed"
	CANCELLED = "Cancelled"


_DRAFT_STATES = {
	"In Progress": ReviewStatus.IN_PROGRESS,
	"Awaiting Sign-off": ReviewStatus.AWAITING_SIGN_OFF,
	"Cancelled": ReviewStatus.CANCELLED,
}


def review_status(docstatus: int, workflow_state: str | None) -> ReviewStatus:
	if docstatus == 1:
		return ReviewStatus.COMPLETED
	if docstatus == 2:
		return ReviewStatus.CANCELLED
	return _DRAFT_STATES.get(workflow_state or "", ReviewStatus.PLANNED)


def default_period_start(previous_review_date: date | None) -> date | None:
	"""The period a review covers starts the day after the previous review."""
	return previous_review_date + timedelta(days=1) if previous_review_date else None


def next_review_due(last_completed: date | None, interval_months: int) -> date | None:
	"""One interval after the last completed review; None when there never was one."""
	if last_completed is None or interval_months < 1:
		return None
	return add_months(last_completed, interval_months)


# sign-off ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
	user: str | None
	top_management: bool
	attended: bool


@dataclass(frozen=True)
class SignOffProblem:
	code: str
	message: str
	args: tuple = ()

	def text(self, translate=None) -> str:
		template = translate(self.message) if translate else self.message
		return template.format(*self.args)


def sign_off_problems(
	*,
	approver: str,
	attendees: Iterable[Attendee],
	inputs_without_summary: Iterable[str],
	carried_without_note: Iterable[str],
) -> list[SignOffProblem]:
	"""Why a review cannot be signed off yet, in the order a chair would fix them.

	The approval rule itself (top management of the company, not the preparer) is checked
	by core.approval; this adds what clause 9.3 asks of the meeting.
	"""
	attendees = list(attendees)
	problems = []
	present_top = [a for a in attendees if a.top_management and a.attended]
	if not present_top:
		problems.append(
			SignOffProblem("no_top_management", _("No member of top management attended the review."))
		)
	if approver not in {a.user for a in present_top if a.user}:
		problems.append(
			SignOffProblem(
				"approver_not_attendee",
				_(
					"{0} did not attend the review as top management; the chair or another top-management attendee signs it off."
				),
				(approver,),
			)
		)
	missing = list(inputs_without_summary)
	if missing:
		problems.append(
			SignOffProblem(
				"input_without_summary",
				_("These inputs have no discussion summary: {0}."),
				(", ".join(missing),),
			)
		)
	open_notes = list(carried_without_note)
	if open_notes:
		problems.append(
			SignOffProblem(
				"carried_without_note",
				_("These actions from earlier reviews have no status note: {0}."),
				(", ".join(open_notes),),
			)
		)
	return problems


# actions -----------------------------------------------------------------------------


class ActionStatus(str, Enum):
	OPEN = "Open"
	IN_PROGRESS = "In Progress"
	COMPLETED = "Completed"
	CANCELLED = "Cancelled"


CLOSED = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


def action_status(*, completed_on: date | None, cancelled: bool, progress_noted: bool) -> ActionStatus:
	if cancelled:
		return ActionStatus.CANCELLED
	if completed_on:
		return ActionStatus.COMPLETED
	return ActionStatus.IN_PROGRESS if progress_noted else ActionStatus.OPEN


def is_overdue(status: ActionStatus, due: date | None, today: date) -> bool:
	return status not in CLOSED and due is not None and due < today


def on_time_rate(completions: Iterable[tuple[date | None, date | None]]) -> float | None:
	"""Percentage of completed actions closed by their due date: (due, completed_on) pairs."""
	done = [(due, closed) for due, closed in completions if closed]
	if not done:
		return None
	on_time = sum(1 for due, closed in done if due is None or closed <= due)
	return round(100.0 * on_time / len(done), 1)


# facts the app holds -----------------------------------------------------------------


@dataclass(frozen=True)
class LeadershipFigures:
	"""What the app knows about a company's ISMS on a day; None where it knows nothing."""

	open_actions: int = 0
	overdue_actions: int = 0
	published_policies: int = 0
	policies_overdue_for_review: int = 0
	acknowledgement_rate: float | None = None
	mandatory_roles_filled: int = 0
	mandatory_roles: int = 0
	role_vacancies: int = 0
	assignments_not_accepted: int = 0
	fiscal_year: str | None = None
	budget_allocated: float = 0.0
	budget_spent: float = 0.0
	budget_utilisation: float | None = None
	#: when the spending was read from the General Ledger
	budget_as_of: str = ""
	#: approved objectives with their status (core.practice.ObjectiveLine)
	objectives: tuple = ()


def system_summaries(figures: LeadershipFigures, currency_format=str) -> dict[str, str]:
	"""The facts a review starts from, as text per 9.3.2 input; inputs the app holds no data
	for are left out (people fill them)."""
	rate = _("n/a") if figures.acknowledgement_rate is None else f"{figures.acknowledgement_rate}%"
	used = _("n/a") if figures.budget_utilisation is None else f"{figures.budget_utilisation}%"
	monitoring = [
		_("Policies: {0} published, {1} overdue for review; average acknowledgement rate {2}.").format(
			figures.published_policies, figures.policies_overdue_for_review, rate
		),
		_(
			"ISMS roles: {0} of {1} mandatory roles filled; {2} vacancies; {3} assignments not accepted."
		).format(
			figures.mandatory_roles_filled,
			figures.mandatory_roles,
			figures.role_vacancies,
			figures.assignments_not_accepted,
		),
	]
	if figures.fiscal_year:
		monitoring.append(
			_("Security budget {0}: allocated {1}, spent {2} ({3}).").format(
				figures.fiscal_year,
				currency_format(figures.budget_allocated),
				currency_format(figures.budget_spent),
				used,
			)
		)
		if figures.budget_as_of:
			monitoring.append(
				_("Spending as the General Ledger showed it on {0}.").format(figures.budget_as_of)
			)
	return {
		"a": _("Open actions: {0}, of which overdue: {1}.").format(
			figures.open_actions, figures.overdue_actions
		),
		"d2": "\n".join(monitoring),
		"d4": objectives_summary(figures.objectives),
	}
