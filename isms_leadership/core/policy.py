"""Rules of security policies and their acknowledgement (5.2, A.5.1, 7.3, 7.4)."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from isms_leadership.core.dates import add_months
from isms_leadership.core.i18n import _

TOP_LEVEL = "Information Security Policy"
TOPIC = "Topic-specific Policy"
#: DORA Article 6(8): how the ICT risk management framework is implemented, with the ICT risk
#: tolerance (6(8)(b)); approved by the management body (5(2)(d))
STRATEGY = "Digital Operational Resilience Strategy"
#: DORA Article 5(2)(f) and 6(6): the ICT internal audit plan the management body approves
AUDIT_PLAN = "ICT Internal Audit Plan"
POLICY_TYPES = (TOP_LEVEL, TOPIC, STRATEGY, AUDIT_PLAN)
#: types a company has one of in force at a time (a new version replaces it)
ONE_PER_COMPANY = frozenset({TOP_LEVEL, STRATEGY, AUDIT_PLAN})


class PolicyStatus(str, Enum):
	DRAFT = "Draft"
	IN_REVIEW = "In Review"
	PENDING_APPROVAL = "Pending Approval"
	PUBLISHED = "Published"
	SUPERSEDED = "Superseded"
	RETIRED = "Retired"


DRAFT_STATES = {"In Review": PolicyStatus.IN_REVIEW, "Pending Approval": PolicyStatus.PENDING_APPROVAL}
SUBMITTED_STATES = {"Superseded": PolicyStatus.SUPERSEDED, "Retired": PolicyStatus.RETIRED}


def policy_status(docstatus: int, workflow_state: str | None) -> PolicyStatus:
	if docstatus == 0:
		return DRAFT_STATES.get(workflow_state or "", PolicyStatus.DRAFT)
	if docstatus == 2:
		return PolicyStatus.RETIRED
	return SUBMITTED_STATES.get(workflow_state or "", PolicyStatus.PUBLISHED)


def next_review_due(
	effective_from: date | None, last_reviewed_on: date | None, interval_months: int
) -> date | None:
	"""One review interval after the last review, or after the policy took effect."""
	start = (
		max(d for d in (effective_from, last_reviewed_on) if d)
		if (effective_from or last_reviewed_on)
		else None
	)
	if start is None or interval_months < 1:
		return None
	return add_months(start, interval_months)


class ReviewState(str, Enum):
	OK = "On Schedule"
	DUE_SOON = "Due Soon"
	OVERDUE = "Overdue"


def review_state(due: date | None, today: date, lead_days: int) -> ReviewState:
	if due is None:
		return ReviewState.OK
	if due < today:
		return ReviewState.OVERDUE
	if (due - today).days <= lead_days:
		return ReviewState.DUE_SOON
	return ReviewState.OK


#: the statements a policy must make before it is approved: field -> what is missing
REQUIRED_STATEMENTS = {
	"includes_objectives": _("information security objectives, or a framework for setting them (5.2 b)"),
	"commits_to_requirements": _("a commitment to satisfy applicable requirements (5.2 c)"),
	"commits_to_improvement": _("a commitment to continual improvement of the ISMS (5.2 d)"),
	"states_risk_tolerance": _("the risk tolerance level for ICT risk (DORA Article 6(8)(b))"),
}
#: which of them each policy type must make: ISO/IEC 27001 5.2 b-d of the top-level policy,
#: DORA 5(2)(d) and 6(8)(b) of the digital operational resilience strategy
STATEMENTS_BY_TYPE = {
	TOP_LEVEL: ("includes_objectives", "commits_to_requirements", "commits_to_improvement"),
	STRATEGY: ("states_risk_tolerance",),
}


def missing_statements(policy_type: str, checks: Mapping[str, bool]) -> list[str]:
	"""The statements a policy of ``policy_type`` lacks (field names, in clause order)."""
	return [field for field in STATEMENTS_BY_TYPE.get(policy_type, ()) if not checks.get(field)]


class AckStatus(str, Enum):
	PENDING = "Pending"
	ACKNOWLEDGED = "Acknowledged"
	OVERDUE = "Overdue"
	#: the employee left before acknowledging: no longer asked, not counted
	NOT_REQUIRED = "Not Required"


#: statuses of people still asked: the base of an acknowledgement rate
ASKED = (AckStatus.PENDING, AckStatus.ACKNOWLEDGED, AckStatus.OVERDUE)


def acknowledgement_status(
	acknowledged_on, due_date: date | None, today: date, employed: bool = True
) -> AckStatus:
	if acknowledged_on:
		return AckStatus.ACKNOWLEDGED
	if not employed:
		return AckStatus.NOT_REQUIRED
	if due_date is not None and due_date < today:
		return AckStatus.OVERDUE
	return AckStatus.PENDING


def acknowledgement_due(published_on: date, due_days: int) -> date:
	return published_on + timedelta(days=max(due_days, 0))


def asked_and_acknowledged(by_status: dict[str, int]) -> tuple[int, int]:
	"""(people asked, people who acknowledged) from counts by status; those who left before
	acknowledging are not asked any more and do not count."""
	asked = sum(by_status.get(s.value, 0) for s in ASKED)
	return asked, by_status.get(AckStatus.ACKNOWLEDGED.value, 0)


def still_asked(status: str | None) -> bool:
	"""Asked and not answered yet: Pending or Overdue."""
	return status in (AckStatus.PENDING.value, AckStatus.OVERDUE.value)


def without_user_change(before: str | None, after: str | None) -> int:
	"""How the count of those still asked without a user moves when an acknowledgement
	without a user goes from ``before`` to ``after`` (None: not there)."""
	return int(still_asked(after)) - int(still_asked(before))


def still_employed(status: str | None, relieving_date: date | None, today: date) -> bool:
	"""Employed on ``today``: Active, and not relieved on or before it."""
	return status == "Active" and (relieving_date is None or relieving_date > today)


def rate(done: int, total: int) -> float | None:
	"""Percentage with one decimal, None when nobody was asked."""
	if total <= 0:
		return None
	return round(100.0 * done / total, 1)


@dataclass(frozen=True)
class Audience:
	"""Who must read a policy: everybody, or anyone matching one of the listed values."""

	departments: frozenset[str] = frozenset()
	designations: frozenset[str] = frozenset()
	isms_roles: frozenset[str] = frozenset()

	@property
	def everyone(self) -> bool:
		return not (self.departments or self.designations or self.isms_roles)

	def includes(self, department: str | None, designation: str | None, isms_roles: Iterable[str]) -> bool:
		if self.everyone:
			return True
		return (
			(department in self.departments)
			or (designation in self.designations)
			or bool(self.isms_roles & set(isms_roles))
		)


# version comparison ------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</(p|div|li|h[1-6]|tr)>|<br\s*/?>", re.I)


def html_to_lines(content: str | None) -> list[str]:
	"""Readable lines of a Text Editor value, for comparing versions."""
	text = _BLOCK.sub("\n", content or "")
	text = html.unescape(_TAG.sub("", text))
	return [line.strip() for line in text.splitlines() if line.strip()]


def content_diff(old: str | None, new: str | None) -> list[tuple[str, str]]:
	"""(kind, line) with kind in {'=', '-', '+'}: what changed between two contents."""
	out = []
	a, b = html_to_lines(old), html_to_lines(new)
	for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
		if tag == "equal":
			out += [("=", line) for line in a[i1:i2]]
		else:
			out += [("-", line) for line in a[i1:i2]]
			out += [("+", line) for line in b[j1:j2]]
	return out


#: what a new version leaves empty for its publication to set (the day it takes effect)
SET_ON_PUBLICATION = ("effective_from",)


def changed_fields(old: Mapping, new: Mapping, fields: Iterable[str]) -> list[tuple[str, object, object]]:
	"""(field, before, after) of the ``fields`` that differ between two versions; a field the
	new version leaves empty for its publication to set (``SET_ON_PUBLICATION``) is no change."""
	return [
		(f, old.get(f), new.get(f))
		for f in fields
		if (old.get(f) or None) != (new.get(f) or None) and not (f in SET_ON_PUBLICATION and not new.get(f))
	]


# acknowledgement campaigns -------------------------------------------------------------


@dataclass(frozen=True)
class PreviousAcknowledgement:
	"""An employee's acknowledgement of the version before."""

	name: str
	acknowledged_on: object | None
	due_date: date | None


@dataclass(frozen=True)
class PlannedAcknowledgement:
	employee: str
	user: str | None
	due_date: date
	acknowledged_on: object | None = None
	carried_over_from: str | None = None

	@property
	def status(self) -> AckStatus:
		return AckStatus.ACKNOWLEDGED if self.acknowledged_on else AckStatus.PENDING


def plan_acknowledgements(
	members: Iterable[tuple[str, str | None]],
	already_asked: Iterable[str],
	previous: Mapping[str, PreviousAcknowledgement],
	material_change: bool,
	due: date,
) -> list[PlannedAcknowledgement]:
	"""The acknowledgements a published version still needs, one per audience member.

	``members`` are (employee, user) pairs; employees in ``already_asked`` are skipped, so a
	campaign run twice creates nothing the second time. After a change that is not material,
	an acknowledgement of the previous version carries over (with its date, or, if it was
	still open, with its due date) and nobody is asked again.
	"""
	asked = set(already_asked)
	plan = []
	for employee, user in members:
		if employee in asked:
			continue
		asked.add(employee)
		before = None if material_change else previous.get(employee)
		if before is None:
			plan.append(PlannedAcknowledgement(employee, user, due))
		else:
			plan.append(
				PlannedAcknowledgement(
					employee,
					user,
					before.due_date or due,
					acknowledged_on=before.acknowledged_on,
					carried_over_from=before.name,
				)
			)
	return plan


# the register ------------------------------------------------------------------------


def current_versions(versions: Iterable[Mapping]) -> list[Mapping]:
	"""One version per policy family: the one in force, else the newest.

	Each mapping needs ``policy_family`` (or ``name`` for a first draft), ``version`` and
	``status``. Order of the result follows the order of first appearance.
	"""
	chosen: dict[str, Mapping] = {}
	for row in versions:
		family = row.get("policy_family") or row["name"]
		best = chosen.get(family)
		if best is None or _rank(row) > _rank(best):
			chosen[family] = row
	return list(chosen.values())


def _rank(row: Mapping) -> tuple[int, int]:
	return (1 if row.get("status") == PolicyStatus.PUBLISHED.value else 0, int(row.get("version") or 0))


@dataclass(frozen=True)
class RegisterSummary:
	policies: int
	published: int
	overdue_reviews: int
	average_acknowledgement_rate: float | None


def register_summary(rows: Iterable[Mapping]) -> RegisterSummary:
	"""Rows carry ``status``, ``review_state`` and ``acknowledgement_rate`` (None when
	nobody was asked); the average is over the policies that asked somebody."""
	rows = list(rows)
	rates = [r["acknowledgement_rate"] for r in rows if r.get("acknowledgement_rate") is not None]
	return RegisterSummary(
		policies=len(rows),
		published=sum(1 for r in rows if r.get("status") == PolicyStatus.PUBLISHED.value),
		overdue_reviews=sum(1 for r in rows if r.get("review_state") == ReviewState.OVERDUE.value),
		average_acknowledgement_rate=round(sum(rates) / len(rates), 1) if rates else None,
	)


#: fields compared between versions (besides the content)
COMPARED_FIELDS = (
	"title",
	"policy_type",
	"parent_policy",
	"policy_owner",
	"scope",
	"includes_objectives",
	"commits_to_requirements",
	"commits_to_improvement",
	"available_to_interested_parties",
	"states_risk_tolerance",
	"requires_acknowledgement",
	"review_interval_months",
	"effective_from",
)
#: what a new version copies from the one before (its framework measures are copied too)
COPIED_FIELDS = (*COMPARED_FIELDS, "company", "content")
