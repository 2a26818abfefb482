"""The weekly digest to each director: what waits for their approval, what is overdue, and
the gaps Leadership Evidence finds in the companies they lead.

The mail is the template ``templates/emails/isms_weekly_digest.html``; this module builds its
context."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_fullname, get_url_to_form, getdate, today
from frappe.utils.user import get_users_with_role

from isms_leadership.core.evidence import Level
from isms_leadership.queries.appointments import top_management_companies
from isms_leadership.queries.evidence import framework_evidence
from isms_leadership.settings import get_settings

#: the email template, as frappe.sendmail(template=...) names it
TEMPLATE = "isms_weekly_digest"

#: (doctype, state waiting for top management)
WAITING = (
	("Security Policy", "Pending Approval"),
	("Role Assignment", "Pending Approval"),
	("Resource Allocation", "Pending Approval"),
	("Management Review", "Awaiting Sign-off"),
	("Management Body Statement", "Pending Approval"),
)


def send_weekly_digest() -> list[str]:
	"""Weekly: one email per user holding a top-management ISMS role. Returns the recipients."""
	sent = []
	for user, companies in digest_recipients():
		try:
			frappe.sendmail(
				recipients=[user],
				subject=_("ISMS leadership: your week"),
				template=TEMPLATE,
				args=digest_context(user, companies),
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
	out = []
	for user in sorted(get_users_with_role("ISMS Top Management")):
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


def digest_context(user: str, companies: list[str]) -> dict:
	"""What the digest template shows ``user``. Every value is plain text (the template escapes
	it): titles and names are what people typed."""
	day = getdate(today())
	return {
		"full_name": get_fullname(user),
		"waiting": [
			{
				"doctype": _(doctype),
				"name": name,
				"title": title,
				"url": get_url_to_form(doctype, name),
			}
			for doctype, name, title in waiting_for(user, companies)
		],
		"companies": [
			{
				"company": company,
				"findings": [
					{
						"code": requirement.reference
						if len(frameworks) == 1
						else f"{_(requirement.framework)} {requirement.reference}",
						"level": _(finding.level.value),
						"text": finding.text(_),
					}
					for requirement, finding in framework_evidence(company, day, frameworks)[1]
					if finding.level is not Level.MET
				],
			}
			for company, frameworks in ((c, get_settings().frameworks_of(c)) for c in companies)
		],
	}


def digest_html(user: str, companies: list[str]) -> str:
	"""The body of ``user``'s digest, as frappe.sendmail renders it from the template."""
	return frappe.render_template(f"templates/emails/{TEMPLATE}.html", digest_context(user, companies))
