"""The director's decisions: what waits for top management, said as a sentence.

Pure: the Frappe side gathers the facts of each pending record (``queries.decisions``),
these functions say what the decision is, in what order the queue shows them and which
action needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from isms_leadership.core.i18n import _

#: a decision waiting longer than this is overdue (shown first)
OVERDUE_AFTER_DAYS = 7


@dataclass(frozen=True)
class Kind:
	"""What top management decides on a doctype: the state that waits for it, the action
	that approves and the one that sends it back (with a reason)."""

	doctype: str
	waiting_state: str
	approve: str
	send_back: str
	#: the field that keeps the reason for sending back, if the doctype has one
	reason_field: str | None = None


KINDS = {
	kind.doctype: kind
	for kind in (
		Kind("Security Policy", "Pending Approval", "Publish", "Return to Draft", "return_reason"),
		Kind("Role Assignment", "Pending Approval", "Approve", "Reject"),
		Kind("Resource Allocation", "Pending Approval", "Approve", "Reject", "rejection_reason"),
		Kind("Management Review", "Awaiting Sign-off", "Sign Off", "Back to Review"),
		Kind("Security Objective", "Pending Approval", "Approve", "Return to Draft", "return_reason"),
		Kind("Management Body Statement", "Pending Approval", "Approve", "Return to Draft", "return_reason"),
	)
}


@dataclass(frozen=True)
class Decision:
	doctype: str
	name: str
	company: str
	#: the decision as a sentence template and its arguments (translated by the caller)
	what: str
	args: tuple = ()
	#: further lines, each (template, args)
	details: tuple[tuple[str, tuple], ...] = ()
	prepared_by: str | None = None
	reviewed_by: str | None = None
	waiting_since: date | None = None
	fingerprint: str | None = None
	links: dict = field(default_factory=dict)

	def text(self, translate=None) -> str:
		template = translate(self.what) if translate else self.what
		return template.format(*self.args)

	def detail_lines(self, translate=None) -> list[str]:
		return [(translate(t) if translate else t).format(*a) for t, a in self.details]


def is_overdue(waiting_since: date | None, today: date) -> bool:
	return waiting_since is not None and (today - waiting_since).days > OVERDUE_AFTER_DAYS


def in_queue_order(decisions: list[Decision], today: date) -> list[Decision]:
	"""Overdue first (the longest waiting first), then the newest first."""
	overdue = sorted(
		(d for d in decisions if is_overdue(d.waiting_since, today)), key=lambda d: (d.waiting_since, d.name)
	)
	recent = sorted(
		(d for d in decisions if not is_overdue(d.waiting_since, today)),
		key=lambda d: (d.waiting_since or date.min, d.name),
		reverse=True,
	)
	return overdue + recent


def needs_reason(doctype: str, action: str) -> bool:
	"""Sending a record back always says why."""
	kind = KINDS.get(doctype)
	return bool(kind) and action == kind.send_back


# the sentences ---------------------------------------------------------------------------


def policy(title: str, policy_type: str, version: int, material: bool) -> tuple[str, tuple, tuple]:
	what = _("Publish {0} ({1}), version {2}")
	change = (
		_("A material change: employees are asked to acknowledge it again.")
		if material and version > 1
		else _("A first version.")
		if version <= 1
		else _("An editorial change: earlier acknowledgements carry over.")
	)
	return what, (title, policy_type, version), ((change, ()),)


def appointment(
	employee_name: str, role: str, from_date, to_date, top_management: bool
) -> tuple[str, tuple, tuple]:
	what = (
		_("Appoint {0} as {1} from {2} until {3}")
		if to_date
		else _("Appoint {0} as {1} from {2}, open-ended")
	)
	details = (
		((_("A top-management appointment: it lets them approve for the company."), ()),)
		if top_management
		else ()
	)
	return (
		what,
		(employee_name, role, from_date, to_date) if to_date else (employee_name, role, from_date),
		details,
	)


def allocation(
	purpose: str, fiscal_year: str, total: str, categories: list[tuple[str, str]], budget_after: str | None
) -> tuple[str, tuple, tuple]:
	what = _("Allocate {0} for {1} in fiscal year {2}")
	details = []
	if categories:
		details.append((_("By category: {0}"), (", ".join(f"{c} {a}" for c, a in categories),)))
	if budget_after:
		details.append((_("The ERPNext Budget of the cost center then holds {0}."), (budget_after,)))
	return what, (total, purpose, fiscal_year), tuple(details)


def review(review_date, decisions: int, actions_carried: int) -> tuple[str, tuple, tuple]:
	what = _("Sign off the management review of {0}")
	details = [(_("{0} decisions, which become ISMS Actions on sign-off."), (decisions,))]
	if actions_carried:
		details.append((_("{0} open actions carried from the review before."), (actions_carried,)))
	return what, (review_date,), tuple(details)


def objective(text: str, target, unit: str | None, due_date) -> tuple[str, tuple, tuple]:
	what = _("Approve the objective {0}")
	details = []
	if target is not None:
		details.append((_("Target: {0} {1} by {2}"), (target, unit or "", due_date or "-")))
	return what, (text,), tuple(details)


def statement(title: str, framework: str, from_date, to_date, lines: int) -> tuple[str, tuple, tuple]:
	what = _("Sign the management body statement {0} ({1}, {2} to {3})")
	return (
		what,
		(title, framework, from_date, to_date),
		((_("{0} lines of what the management body approved, held and followed."), (lines,)),),
	)
