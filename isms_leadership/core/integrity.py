"""What top management approves, and how a record may move on its way to approval.

Pure rules: which fields and child rows each approved doctype fingerprints, the fingerprint
itself (SHA-256 over a canonical form), which workflow moves are legal, who requested,
reviewed and prepared a record according to its approval trail, and which fields only the
server writes. The Frappe side (``isms_leadership.guards.integrity``) feeds them the records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from isms_leadership.core.i18n import _


@dataclass(frozen=True)
class Flow:
	"""How one doctype goes to top management."""

	#: the state in which the record waits for approval (its content is then frozen)
	pending_state: str
	#: fields whose content is approved
	content: tuple[str, ...]
	#: child tables whose rows are approved: table -> fields of a row
	tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
	#: field -> (state entered, state left or None): the field mirrors the user of the
	#: last step of the trail that made that move
	mirrors: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
	#: fields only the server writes on a draft (a request's values are replaced by the
	#: stored ones before the controller runs)
	server_fields: tuple[str, ...] = ()
	#: people the record is about (approving it would be approving oneself): fields that
	#: hold a user, or an Employee whose user counts
	subject_users: tuple[str, ...] = ()
	subject_employees: tuple[str, ...] = ()
	#: the content may be completed while pending by those the workflow lets edit then, each
	#: change recorded in the trail (the management review's minutes, written in the meeting);
	#: for every other record a change while pending is refused
	edited_while_pending: bool = False
	#: content fields and tables added after records were approved: left out of the
	#: fingerprint while empty, so that the fingerprints recorded before they existed still hold
	later: tuple[str, ...] = ()


TRAIL_FIELDS = ("approval_trail", "approval_fingerprint")

FLOWS: dict[str, Flow] = {
	"Role Assignment": Flow(
		pending_state="Pending Approval",
		content=(
			"employee",
			"company",
			"isms_role",
			"from_date",
			"to_date",
			"deputy",
			"responsibilities",
			"authorities",
		),
		tables={"competence_evidence": ("evidence_type", "description", "attachment", "valid_until")},
		mirrors={"requested_by": ("Pending Approval", None)},
		server_fields=(
			"requested_by",
			"approved_by",
			"approved_on",
			"approved_by_bootstrap",
			"accepted_on",
			"accepted_by",
			"ended_on",
			"vacated",
			"end_reason",
			"handed_over_from",
		),
		subject_employees=("employee", "deputy"),
	),
	"Security Policy": Flow(
		pending_state="Pending Approval",
		content=(
			"title",
			"policy_type",
			"parent_policy",
			"company",
			"policy_owner",
			"version",
			"previous_version",
			"scope",
			"content",
			"includes_objectives",
			"commits_to_requirements",
			"commits_to_improvement",
			"available_to_interested_parties",
			"states_risk_tolerance",
			"change_summary",
			"material_change",
			"requires_acknowledgement",
			"review_interval_months",
		),
		tables={"audience": ("audience_type", "audience"), "framework_measures": ("requirement",)},
		mirrors={"requested_by": ("Pending Approval", None)},
		server_fields=(
			"requested_by",
			"approved_by",
			"approved_on",
			"retired_by",
			"retired_on",
			"superseded_by",
			"last_reviewed_on",
			"policy_family",
			"version",
			"previous_version",
		),
		subject_employees=("policy_owner",),
		later=("states_risk_tolerance", "framework_measures"),
	),
	"Resource Allocation": Flow(
		pending_state="Pending Approval",
		content=(
			"purpose",
			"company",
			"fiscal_year",
			"cost_center",
			"budget_action",
			"currency",
			"justification",
			"management_review",
			"total_amount",
		),
		tables={
			"lines": ("category", "account", "amount", "description"),
			"people": ("employee", "isms_role", "time_share", "from_date", "to_date"),
		},
		mirrors={
			"requested_by": ("Finance Review", "Draft"),
			"finance_reviewed_by": ("Pending Approval", "Finance Review"),
		},
		server_fields=("requested_by", "finance_reviewed_by", "approved_by", "approved_on", "budget"),
	),
	"Management Review": Flow(
		pending_state="Awaiting Sign-off",
		content=("title", "company", "review_date", "chair", "period_from", "period_to", "minutes"),
		tables={
			"attendees": ("employee", "attended", "apologies"),
			"inputs": ("input_code", "discussion_summary"),
			"decisions": ("decision_type", "description", "owner_employee", "due_date", "security_policy"),
			"carried_actions": ("isms_action", "status_note"),
		},
		mirrors={"prepared_by": ("Awaiting Sign-off", None)},
		server_fields=("prepared_by", "signed_off_by", "signed_off_role", "signed_off_on"),
		edited_while_pending=True,
	),
	"Security Objective": Flow(
		pending_state="Pending Approval",
		content=(
			"objective",
			"company",
			"security_policy",
			"owner_employee",
			"due_date",
			"plan",
			"resources",
			"evaluation",
			"metric",
			"unit",
			"target",
			"direction",
			"measurement_frequency",
			"tolerance",
		),
		server_fields=("approved_by", "approved_on"),
		subject_users=("owner_user",),
	),
	"Management Body Statement": Flow(
		pending_state="Pending Approval",
		content=("title", "company", "framework", "from_date", "to_date", "statement", "gathered_on"),
		tables={
			"lines": (
				"section",
				"reference_doctype",
				"reference_name",
				"description",
				"version",
				"on_date",
				"by_user",
				"fingerprint",
				"level",
			)
		},
		mirrors={"requested_by": ("Pending Approval", None)},
		server_fields=("requested_by", "approved_by", "approved_on", "gathered_on"),
	),
}


# the fingerprint ---------------------------------------------------------------------------


def canonical(value):
	"""One form for a value however it arrived (a request's text, the database's types)."""
	if value is None or value == "":
		return None
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, datetime):
		return value.replace(microsecond=0).isoformat(sep=" ")
	if isinstance(value, date):
		return value.isoformat()
	if isinstance(value, int | float | Decimal):
		number = round(float(value), 6)
		return int(number) if number.is_integer() else number
	return str(value).replace("\r\n", "\n").strip()


def content_of(flow: Flow, values: Mapping, rows: Mapping[str, Sequence[Mapping]]) -> dict:
	"""The approved content of a record: its content fields and the content of its rows, in
	their order."""
	fields = {f: canonical(values.get(f)) for f in flow.content}
	tables = {
		table: [{f: canonical(row.get(f)) for f in columns} for row in rows.get(table, ())]
		for table, columns in flow.tables.items()
	}
	# added later: absent while empty, as in the fingerprints recorded before they existed
	for name in flow.later:
		if name in fields and fields[name] in (None, 0):
			del fields[name]
		if name in tables and not tables[name]:
			del tables[name]
	return {"fields": fields, "tables": tables}


def fingerprint(flow: Flow, values: Mapping, rows: Mapping[str, Sequence[Mapping]]) -> str:
	"""SHA-256 of the approved content, as 64 hex digits."""
	text = json.dumps(
		content_of(flow, values, rows), sort_keys=True, ensure_ascii=False, separators=(",", ":")
	)
	return hashlib.sha256(text.encode("utf-8")).hexdigest()


# workflow moves ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
	reason: str
	args: tuple = ()


def state_refusal(
	*,
	before_state: str | None,
	state: str | None,
	docstatus: int,
	state_docstatus: Mapping[str, int],
	allowed_next: Iterable[str],
	initial_state: str | None,
	is_new: bool,
) -> Refusal | None:
	"""Whether a save may leave the record in ``state`` with ``docstatus``.

	- a new record starts in the workflow's first state;
	- a state belongs to a docstatus (a draft is never "Published");
	- a change of state follows a transition the user may take from the stored state
	  (``allowed_next``: the next states of those transitions, conditions and
	  self-approval already judged).
	"""
	if is_new:
		if state and state != initial_state:
			return Refusal(_("A new record starts as {0}, not {1}."), (initial_state, state))
		return None
	if state not in state_docstatus:
		return Refusal(_("{0} is not a state of this workflow."), (state,))
	if state_docstatus[state] != docstatus:
		return Refusal(
			_(
				"A record in the state {0} cannot be saved with document status {1}: use the workflow actions."
			),
			(state, docstatus),
		)
	if state != before_state and state not in set(allowed_next):
		return Refusal(
			_("You cannot move this record from {0} to {1}: use the workflow actions."), (before_state, state)
		)
	return None


# the trail -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
	user: str
	from_state: str | None
	to_state: str | None


#: states in which a record is back with its authors: what was sent before no longer counts
DRAFT_LIKE_STATES = frozenset({"Draft", "Rejected", "In Progress", "Planned"})


def mirror_values(flow: Flow, steps: Sequence[Step]) -> dict[str, str | None]:
	"""Who requested, reviewed or prepared, read from the trail: for each mirror field the
	user of the last step that made its move, or None.

	A step back to the authors (returned, rejected, revised) clears them all: the record
	must be sent and reviewed again."""
	values: dict[str, str | None] = {f: None for f in flow.mirrors}
	for step in steps:
		if step.to_state in DRAFT_LIKE_STATES:
			values = {f: None for f in flow.mirrors}
		for fieldname, (entered, left) in flow.mirrors.items():
			moved = step.from_state != step.to_state
			if moved and step.to_state == entered and (left is None or step.from_state == left):
				values[fieldname] = step.user
	return values
