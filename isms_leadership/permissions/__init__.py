"""Who may read and change what, beyond the DocPerms: companies apart, judged on what is stored.

- **Who reads and who runs the ISMS.** ``ISMS_READERS`` read every ISMS record of the
  companies they may see; ``ISMS_MANAGERS`` run it. Every rule of the app asks
  ``is_isms_reader`` / ``is_isms_manager``; the record rules of each doctype are in
  ``permissions.rules``.

- **Companies apart.** A user whose User Permissions name companies sees and changes the
  app's records of those companies only. Frappe applies User Permissions to lists through
  the ``company`` link, but asks ``has_permission`` on write with the values a request
  sent: ``company_has_permission`` judges the company as stored. Reports and number cards
  call ``check_company`` before they query.
- **Child rows follow their parent.** ``GET /api/resource/<child>?parent=<parent>`` checks
  only that the user may read the parent doctype; ``child_query_conditions`` limits the rows
  to parents the user may list (the parent's own rules and User Permissions included).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.user import get_users_with_role

#: read every ISMS record (every version of every policy, every appointment, review, objective)
ISMS_READERS = frozenset({"System Manager", "ISMS Manager", "ISMS Top Management", "ISMS Auditor"})
#: run the ISMS day to day (actions, objectives' measurements)
ISMS_MANAGERS = frozenset({"System Manager", "ISMS Manager", "ISMS Top Management"})
#: HR reads the appointments and acknowledgements of the people it manages
HR_READERS = frozenset({"HR User", "HR Manager"})


def is_isms_reader(user: str | None = None, also: frozenset[str] = frozenset()) -> bool:
	"""Whether ``user`` reads every ISMS record (with ``also``: roles that read them too)."""
	return bool((ISMS_READERS | also) & set(frappe.get_roles(user or frappe.session.user)))


def is_isms_manager(user: str | None = None) -> bool:
	"""Whether ``user`` runs the ISMS (ISMS Manager, top management, System Manager)."""
	return bool(ISMS_MANAGERS & set(frappe.get_roles(user or frappe.session.user)))


def isms_managers() -> list[str]:
	"""Enabled users with the desk role ISMS Manager, sorted: whom the daily jobs tell."""
	return sorted(get_users_with_role("ISMS Manager"))


#: the child tables of the app and the doctypes that hold them
CHILD_PARENTS: dict[str, tuple[str, ...]] = {
	"Management Review Input": ("Management Review",),
	"Management Review Decision": ("Management Review",),
	"Management Review Attendee": ("Management Review",),
	"Management Review Carried Action": ("Management Review",),
	"Security Policy Review": ("Security Policy",),
	"Security Policy Audience": ("Security Policy",),
	"Security Objective Measurement": ("Security Objective",),
	"ISMS Competence Evidence": ("Role Assignment",),
	"Resource Allocation Line": ("Resource Allocation",),
	"Resource Allocation Person": ("Resource Allocation",),
	"ISMS Approval Step": (
		"Role Assignment",
		"Security Policy",
		"Resource Allocation",
		"Management Review",
		"Security Objective",
		"Management Body Statement",
	),
	"Security Policy Measure": ("Security Policy",),
	"Management Body Statement Line": ("Management Body Statement",),
}


def allowed_companies(user: str | None = None, doctype: str | None = None) -> set[str] | None:
	"""The companies ``user``'s User Permissions allow (for ``doctype``), or None when no
	User Permission on Company restricts them."""
	rows = frappe.permissions.get_user_permissions(user or frappe.session.user).get("Company") or []
	companies = {
		row.get("doc")
		for row in rows
		if not row.get("applicable_for") or row.get("applicable_for") == doctype
	}
	return companies or None


def may_read_company(company: str | None, user: str | None = None, doctype: str | None = None) -> bool:
	allowed = allowed_companies(user, doctype)
	return allowed is None or company in allowed


def check_company(company: str | None, user: str | None = None, doctype: str | None = None) -> None:
	"""Refuse a report, card or method asked about a company the user may not see."""
	if company and not may_read_company(company, user, doctype):
		frappe.throw(
			_("You may not see the records of {0}.").format(frappe.bold(company)),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)


def stored_value(doc, fieldname: str):
	"""A field of the record as stored; for a record not saved yet, as given."""
	name = doc.get("name")
	if name and not doc.get("__islocal") and frappe.db.exists(doc.doctype, name):
		return frappe.db.get_value(doc.doctype, name, fieldname)
	return doc.get(fieldname)


def company_has_permission(doc, ptype=None, user=None):
	"""Deny a record of a company the user's User Permissions exclude, judged on the stored
	company (a request may send another). Abstains otherwise."""
	allowed = allowed_companies(user, doc.doctype)
	if allowed is None:
		return None
	if stored_value(doc, "company") not in allowed:
		return False
	# a new company sent with a write must be allowed too
	if doc.get("company") and doc.get("company") not in allowed:
		return False
	return None


def child_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of an app child table whose parent the user may list."""
	parents = CHILD_PARENTS.get(doctype or "")
	if not parents:
		return ""
	table = f"`tab{doctype}`"
	conditions = []
	for parent in parents:
		if not frappe.has_permission(parent, "read", user=user):
			continue
		names = frappe.get_list(parent, fields=["name"], user=user, limit_page_length=0, run=False)
		conditions.append(
			f"({table}.`parenttype` = {frappe.db.escape(parent)} and {table}.`parent` in ({names}))"
		)
	return "(" + " or ".join(conditions) + ")" if conditions else "1 = 0"
