"""The approval rule (isms_leadership.core.approval) applied to documents in the database."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.approval import ApprovalContext, ApprovalDecision, check_approval
from isms_leadership.core.assignment import Holding, Lapse, holding_lapse
from isms_leadership.exceptions import ApprovalRefusedError
from isms_leadership.queries.appointments import top_management_companies, top_management_holdings


def lapse_message(lapse: Lapse) -> str:
	"""A lapse as a translated sentence, its dates in the user's format."""
	args = [frappe.format(a, "Date") if isinstance(a, date) else _(a) for a in lapse.args]
	return _(lapse.reason).format(*args)


def lapsed_top_management(user: str, company: str, on_date=None) -> list[str]:
	"""Why each top-management appointment of ``user`` in ``company`` does not hold on
	``on_date``: the appointments approved for ``user`` and those of the Employee that
	points at ``user`` today (one query)."""
	rows = top_management_holdings(user, company)
	day = getdate(on_date or today())
	reasons = []
	for row in rows:
		lapse = holding_lapse(
			Holding(
				docstatus=row.docstatus,
				vacated=bool(row.vacated),
				from_date=getdate(row.from_date),
				to_date=getdate(row.to_date) if row.to_date else None,
				approved_user=row.user,
				employee_status=row.status,
				relieving_date=getdate(row.relieving_date) if row.relieving_date else None,
				employee_user=row.user_id,
			),
			day,
		)
		if lapse:
			reasons.append(f"{row.name}: {lapse_message(lapse)}")
	return reasons


def check(
	doc,
	*,
	company: str,
	requesters=(),
	reviewers=(),
	subjects=(),
	bootstrap_possible: bool = False,
	user: str | None = None,
	author: str | None = ...,
) -> ApprovalDecision:
	"""The approval rule for ``user`` (default: the session user) on ``doc``.

	``author`` defaults to the document's owner; pass None where nobody authored the act
	being approved (ending or cancelling an appointment)."""
	user = user or frappe.session.user
	companies = top_management_companies(user)
	return check_approval(
		ApprovalContext(
			approver=user,
			company=company,
			top_management_companies=companies,
			lapsed=() if company in companies else lapsed_top_management(user, company),
			author=doc.owner if author is ... else author,
			requesters=requesters,
			reviewers=reviewers,
			subjects=subjects,
			approver_roles=frappe.get_roles(user),
			bootstrap_possible=bootstrap_possible,
		)
	)


def enforce(doc, **kwargs) -> ApprovalDecision:
	"""Raise ApprovalRefusedError with the rule's reason unless the session user may approve."""
	decision = check(doc, **kwargs)
	if not decision.allowed:
		frappe.throw(decision.message(_), exc=ApprovalRefusedError, title=_("Approval Refused"))
	return decision
