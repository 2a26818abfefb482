"""The weekly digest to each director: what waits for their approval, what is overdue, and
the gaps Leadership Evidence finds in the companies they lead."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, get_url_to_form, getdate, today

from isms_leadership.approvals import top_management_companies
from isms_leadership.core.evidence import Level, assess

#: (doctype, state waiting for top management)
WAITING = (
	("Security Policy", "Pending Approval"),
	("Role Assignment", "Pending Approval"),
	("Resource Allocation", "Pending Approval"),
	("Management Review", "Awaiting Sign-off"),
)


def send_weekly_digest() -> list[str]:
	"""Weekly: one email per user holding a top-management ISMS role. Returns the recipients."""
	sent = []
	for user, companies in digest_recipients():
		try:
			frappe.sendmail(
				recipients=[user],
				subject=_("ISMS leadership: your week"),
				message=digest_html(user, companies),
				reference_doctype="User",
				reference_name=user,
			)
		except frappe.OutgoingEmailError:
			frappe.log_error(title=_("ISMS weekly digest: no outgoing email account"))
			break
		sent.append(user)
	return sent


def digest_recipients() -> list[tuple[str, list[str]]]:
	"""(user, companies they lead) for every user who holds a top-management ISMS role today."""
	from isms_leadership.integrations.employee import users_with_role

	out = []
	for user in users_with_role("ISMS Top Management"):
		companies = sorted(top_management_companies(user))
		if companies:
			out.append((user, companies))
	return out


def waiting_for(user: str, companies: list[str]) -> list[tuple[str, str, str]]:
	"""(doctype, name, title) waiting for a decision of top management that ``user`` did not
	prepare themselves."""
	rows = []
	for doctype, state in WAITING:
		meta = frappe.get_meta(doctype)
		title = meta.title_field or "name"
		for row in frappe.get_all(
			doctype,
			filters={
				"company": ["in", companies],
				"docstatus": 0,
				"workflow_state": state,
				"owner": ["!=", user],
			},
			fields=["name", f"{title} as title"],
			order_by="modified asc",
		):
			rows.append((doctype, row.name, row.title or row.name))
	return rows


def digest_html(user: str, companies: list[str]) -> str:
	from isms_leadership.evidence import evidence_facts

	day = getdate(today())
	parts = [f"<p>{escape_html(_('Hello {0},').format(frappe.utils.get_fullname(user)))}</p>"]
	waiting = waiting_for(user, companies)
	parts.append(f"<h3>{escape_html(_('Waiting for your decision'))}</h3>")
	if waiting:
		parts.append(
			"<ul>"
			+ "".join(
				f'<li><a href="{get_url_to_form(dt, name)}">{escape_html(_(dt))} {escape_html(name)}</a>: '
				f"{escape_html(title)}</li>"
				for dt, name, title in waiting
			)
			+ "</ul>"
		)
	else:
		parts.append(f"<p>{escape_html(_('Nothing waits for you.'))}</p>")
	for company in companies:
		findings = [
			(code, f) for code, _title, f in assess(evidence_facts(company, day)) if f.level is not Level.MET
		]
		parts.append(f"<h3>{escape_html(company)}</h3>")
		if not findings:
			parts.append(f"<p>{escape_html(_('Every leadership requirement is met.'))}</p>")
			continue
		parts.append(
			"<ul>"
			+ "".join(
				f"<li><b>{escape_html(code)}</b> {escape_html(_(f.level.value))}: {escape_html(f.text(_))}</li>"
				for code, f in findings
			)
			+ "</ul>"
		)
	return "\n".join(parts)
