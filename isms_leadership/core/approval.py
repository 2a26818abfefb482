"""The one rule every approval in isms_leadership obeys.

An approval (publishing a policy, approving an appointment, a budget, signing off a
management review) is valid only when the approver

- holds a top-management ISMS appointment in the document's company **today**: approved,
  not vacated, inside its dates, its Employee Active and not relieved, and the Employee
  still pointing at the user the appointment was approved for (see
  ``isms_leadership.core.assignment.holding_lapse``). What the appointment grants (top
  management or not) is what was approved, not what its ISMS Role says today. A desk role
  such as "ISMS Top Management" alone is not enough; and
- is not the document's author, one of its requesters or reviewers, nor one of its
  subjects (an appointee cannot approve their own appointment).

One exception exists to start a company's ISMS: while a company has no active
top-management holder at all, a System Manager may approve the first top-management
appointments. The decision says so, so the record can show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from isms_leadership.core.i18n import _

SYSTEM_MANAGER = "System Manager"
TOP_MANAGEMENT_DESK_ROLE = "ISMS Top Management"
GUEST = "guest"


def _norm(user: str | None) -> str:
	return (user or "").strip().casefold()


def _norm_set(users: Iterable[str | None]) -> frozenset[str]:
	return frozenset(u for u in (_norm(x) for x in users) if u)


@dataclass(frozen=True)
class ApprovalContext:
	"""Everything the rule needs, gathered by the caller from the database."""

	approver: str | None
	company: str | None
	#: companies in which the approver holds an active top-management ISMS role today
	top_management_companies: Iterable[str] = ()
	author: str | None = None
	requesters: Iterable[str | None] = ()
	reviewers: Iterable[str | None] = ()
	#: users the document is about (the appointee of a role assignment, ...)
	subjects: Iterable[str | None] = ()
	#: the approver's desk roles
	approver_roles: Iterable[str] = ()
	#: the company has no active top-management holder and the document appoints one
	bootstrap_possible: bool = False
	#: why the approver's own top-management appointments in the company do not hold today
	#: (sentences, already formatted), so a refusal can say which
	lapsed: Iterable[str] = ()


@dataclass(frozen=True)
class ApprovalDecision:
	allowed: bool
	#: message template in English, marked for translation; format with ``args``
	reason: str = ""
	args: tuple = field(default_factory=tuple)
	#: approved by a System Manager under the bootstrap exception
	bootstrap: bool = False

	def message(self, translate=None) -> str:
		"""The reason as a sentence, translated with ``translate`` when given."""
		template = translate(self.reason) if translate else self.reason
		return template.format(*self.args)


def check_approval(ctx: ApprovalContext) -> ApprovalDecision:
	"""Decide whether ``ctx.approver`` may approve the document described by ``ctx``."""
	approver = _norm(ctx.approver)
	if not approver or approver == GUEST:
		return ApprovalDecision(False, _("You must be logged in to approve."))

	if approver in _norm_set(ctx.subjects):
		return ApprovalDecision(
			False,
			_("{0} is the subject of this document and cannot approve it."),
			(ctx.approver,),
		)
	if approver == _norm(ctx.author):
		return ApprovalDecision(
			False, _("{0} prepared this document and cannot also approve it."), (ctx.approver,)
		)
	if approver in _norm_set(ctx.requesters):
		return ApprovalDecision(False, _("{0} requested this and cannot also approve it."), (ctx.approver,))
	if approver in _norm_set(ctx.reviewers):
		return ApprovalDecision(False, _("{0} reviewed this and cannot also approve it."), (ctx.approver,))

	if not ctx.company:
		return ApprovalDecision(False, _("The document has no company, so nobody can approve it."))

	if ctx.company in set(ctx.top_management_companies):
		return ApprovalDecision(True)

	roles = set(ctx.approver_roles)
	if ctx.bootstrap_possible and SYSTEM_MANAGER in roles:
		return ApprovalDecision(True, bootstrap=True)

	lapsed = [reason for reason in ctx.lapsed if reason]
	if lapsed:
		return ApprovalDecision(
			False,
			_("{0} holds no serving top-management ISMS role in {1}: {2}."),
			(ctx.approver, ctx.company, "; ".join(lapsed)),
		)

	if TOP_MANAGEMENT_DESK_ROLE in roles:
		return ApprovalDecision(
			False,
			_(
				"{0} has the desk role ISMS Top Management but holds no active top-management ISMS role in {1}; a desk role alone is not enough to approve."
			),
			(ctx.approver, ctx.company),
		)
	return ApprovalDecision(
		False,
		_("Only a holder of an active top-management ISMS role in {1} can approve; {0} holds none."),
		(ctx.approver, ctx.company),
	)
