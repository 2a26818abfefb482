"""Factories for integration tests: real ERPNext records with sensible defaults."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe.utils import add_days, add_months, add_years, getdate

TEST_COMPANY = "ISMS Test Company"
OTHER_COMPANY = "ISMS Other Company"

#: Users made once by before_tests. Those with a department also get an Employee.
TEST_USERS = {
	"director@isms.test": {"roles": ["ISMS Top Management"], "department": "Board"},
	"director2@isms.test": {"roles": ["ISMS Top Management"], "department": "Board"},
	"manager@isms.test": {"roles": ["ISMS Manager"], "department": "Information Security"},
	"hr@isms.test": {"roles": ["HR Manager", "HR User"], "department": "Human Resources"},
	"accounts@isms.test": {"roles": ["Accounts User"], "department": "Finance"},
	"finance@isms.test": {"roles": ["Accounts Manager", "Accounts User"], "department": "Finance"},
	"auditor@isms.test": {"roles": ["ISMS Auditor"], "department": "Operations"},
	"sysadmin@isms.test": {"roles": ["System Manager"], "department": "Operations"},
	"employee1@isms.test": {"roles": ["Employee"], "department": "Operations"},
	"employee2@isms.test": {"roles": ["Employee"], "department": "Operations"},
	"employee3@isms.test": {"roles": ["Employee"], "department": "Information Security"},
	"other.director@isms.test": {
		"roles": ["ISMS Top Management"],
		"department": "Board",
		"company": OTHER_COMPANY,
	},
	"nobody@isms.test": {"roles": []},
}


def make_fiscal_year(year: int) -> str:
	start = getdate(f"{year}-01-01")
	existing = frappe.db.get_value(
		"Fiscal Year", {"year_start_date": ["<=", start], "year_end_date": [">=", start]}, "name"
	)
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": str(year) if not frappe.db.exists("Fiscal Year", str(year)) else f"FY {year}",
			"year_start_date": start,
			"year_end_date": add_days(add_years(start, 1), -1),
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_company(name: str, abbr: str, currency: str = "USD") -> str:
	if frappe.db.exists("Company", name):
		return name
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": name,
			"abbr": abbr,
			"default_currency": currency,
			"country": "United States",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)
	return name


def company_abbr(company: str) -> str:
	return frappe.get_cached_value("Company", company, "abbr")


def make_department(department_name: str, company: str) -> str:
	name = f"{department_name} - {company_abbr(company)}"
	if frappe.db.exists("Department", name):
		return name
	parent = frappe.db.get_value("Department", {"is_group": 1, "parent_department": ["in", ["", None]]})
	doc = frappe.get_doc(
		{
			"doctype": "Department",
			"department_name": department_name,
			"company": company,
			"parent_department": parent or "All Departments",
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_user(email: str, roles: list[str] | tuple = (), first_name: str | None = None) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0].replace(".", " ").title(),
				"send_welcome_email": 0,
				"new_password": "Isms-Test-Passw0rd!",
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	missing = [role for role in roles if role not in {r.role for r in user.roles}]
	if missing:
		user.add_roles(*missing)
	return email


def make_employee(
	user: str | None = None,
	company: str = TEST_COMPANY,
	department: str | None = None,
	designation: str | None = None,
	first_name: str | None = None,
	**kwargs,
) -> str:
	"""An Active Employee of ``company``; linked to ``user`` when given (one per user)."""
	if user:
		existing = frappe.db.get_value("Employee", {"user_id": user}, "name")
		if existing:
			return existing
	if department and " - " not in department:
		department = make_department(department, company)
	doc = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": first_name or (user.split("@")[0].replace(".", " ").title() if user else "Test"),
			"company": company,
			"user_id": user,
			"department": department,
			"designation": designation,
			"gender": "Female",
			"date_of_birth": "1985-05-08",
			"date_of_joining": "2015-01-01",
			"status": "Active",
			**kwargs,
		}
	).insert(ignore_permissions=True)
	return doc.name


def employee_of(user: str) -> str:
	return frappe.db.get_value("Employee", {"user_id": user}, "name")


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def make_assignment(
	employee: str,
	isms_role: str,
	company: str = TEST_COMPANY,
	from_date=None,
	submit: bool = False,
	approver: str | None = None,
	author: str | None = None,
	**kwargs,
):
	"""A Role Assignment prepared by HR and sent for approval; with ``submit`` it is also
	approved through the workflow by ``approver`` (default: a top-management holder who is
	not the appointee, or Administrator to bootstrap a company's first top management)."""
	from frappe.utils import today

	doc = frappe.get_doc(
		{
			"doctype": "Role Assignment",
			"employee": employee,
			"company": company,
			"isms_role": isms_role,
			"from_date": from_date or today(),
			**kwargs,
		}
	)
	if frappe.get_cached_value("ISMS Role", isms_role, "requires_competence_evidence") and not doc.get(
		"competence_evidence"
	):
		doc.append(
			"competence_evidence",
			{"evidence_type": "Certification", "description": "ISO/IEC 27001 Lead Implementer"},
		)
	author = author or ("hr@isms.test" if company == TEST_COMPANY else "Administrator")
	with as_user(author):
		doc.insert()
		doc = transition(doc, "Submit for Approval")
	if submit:
		with as_user(approver or default_approver(doc)):
			doc = transition(doc, "Approve")
	return doc


def transition(doc, action: str, doctype: str = "Role Assignment"):
	"""Apply a workflow action as the desk does: on a fresh copy of the record.

	Returns the record as saved. (Frappe renders the workflow email from the document
	object it is given and marks that object as printed; the desk never reuses it.)
	"""
	from frappe.model.workflow import apply_workflow

	if not isinstance(doc, str):
		doctype, doc = doc.doctype, doc.name
	apply_workflow(frappe.get_doc(doctype, doc).as_dict(), action)
	return frappe.get_doc(doctype, doc)


def default_approver(doc) -> str:
	from isms_leadership.queries.appointments import top_management_companies

	appointee = frappe.db.get_value("Employee", doc.employee, "user_id")
	for user in ("director@isms.test", "director2@isms.test", "other.director@isms.test"):
		if user != appointee and doc.company in top_management_companies(user):
			return user
	return "Administrator"


def make_top_management(user: str = "director@isms.test", company: str = TEST_COMPANY):
	"""Make ``user`` an approved holder of the Top Management ISMS role."""
	return make_assignment(employee_of(user), "Top Management", company=company, submit=True)


POLICY_TEXT = (
	"<p>Information is protected according to its classification.</p>"
	"<p>Security objectives are set each year by top management.</p>"
)


def make_policy(
	title: str = "Information Security Policy",
	policy_type: str = "Information Security Policy",
	company: str = TEST_COMPANY,
	author: str = "manager@isms.test",
	**kwargs,
):
	"""A draft Security Policy written by the ISMS Manager, with the 5.2 statements ticked."""
	doc = frappe.get_doc(
		{
			"doctype": "Security Policy",
			"title": title,
			"policy_type": policy_type,
			"company": company,
			"policy_owner": employee_of("manager@isms.test"),
			"content": POLICY_TEXT,
			"includes_objectives": 1,
			"commits_to_requirements": 1,
			"commits_to_improvement": 1,
			**kwargs,
		}
	)
	with as_user(author):
		doc.insert()
	return doc


def send_for_approval(policy, author: str = "manager@isms.test"):
	with as_user(author):
		policy = transition(policy, "Send for Review")
		return transition(policy, "Submit for Approval")


def publish(policy, approver: str = "director@isms.test", author: str = "manager@isms.test"):
	"""Take a draft policy through review and approval to Published."""
	if policy.workflow_state in (None, "", "Draft", "In Review"):
		policy = send_for_approval(policy, author)
	with as_user(approver):
		return transition(policy, "Publish")


# the security budget -------------------------------------------------------------------

EXPENSE = {
	"training": "Administrative Expenses - ISMST",
	"tools": "Office Maintenance Expenses - ISMST",
	"services": "Legal Expenses - ISMST",
	"travel": "Travel Expenses - ISMST",
}
CASH = "Cash - ISMST"
MAIN_CC = "Main - ISMST"


def make_cost_center(
	name: str, company: str = TEST_COMPANY, parent: str | None = None, is_group: int = 0
) -> str:
	full = f"{name} - {company_abbr(company)}"
	if not frappe.db.exists("Cost Center", full):
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": name,
				"company": company,
				"is_group": is_group,
				"parent_cost_center": parent
				or frappe.db.get_value(
					"Cost Center",
					{"company": company, "is_group": 1, "parent_cost_center": ["is", "not set"]},
				),
			}
		).insert(ignore_permissions=True)
	return full


def fiscal_year_of(day=None) -> str:
	from frappe.utils import today

	from erpnext.accounts.utils import get_fiscal_year

	return get_fiscal_year(day or today(), company=TEST_COMPANY)[0]


def make_allocation(
	lines=(("Training & Awareness", EXPENSE["training"], 1000),),
	people=(),
	cost_center: str = MAIN_CC,
	company: str = TEST_COMPANY,
	author: str = "manager@isms.test",
	**kwargs,
):
	"""A draft Resource Allocation written by the ISMS Manager."""
	doc = frappe.get_doc(
		{
			"doctype": "Resource Allocation",
			"purpose": "Security programme",
			"company": company,
			"fiscal_year": kwargs.pop("fiscal_year", None) or fiscal_year_of(),
			"cost_center": cost_center,
			"budget_action": kwargs.pop("budget_action", "Stop"),
			"lines": [{"category": c, "account": a, "amount": amount} for c, a, amount in lines],
			"people": [
				{"employee": e, "time_share": share, "from_date": start, "to_date": end}
				for e, share, start, end in people
			],
			**kwargs,
		}
	)
	with as_user(author):
		doc.insert()
	return doc


def approve_allocation(
	doc,
	approver: str = "director@isms.test",
	finance: str = "finance@isms.test",
	author: str = "manager@isms.test",
):
	"""Take a draft allocation through finance review to approval."""
	with as_user(author):
		doc = transition(doc, "Send to Finance")
	with as_user(finance):
		doc = transition(doc, "Submit for Approval")
	with as_user(approver):
		return transition(doc, "Approve")


def post_expense(
	account: str, amount: float, cost_center: str = MAIN_CC, posting_date=None, company=TEST_COMPANY
):
	"""A submitted Journal Entry: ``amount`` spent on ``account`` in ``cost_center``, paid in cash."""
	from frappe.utils import today

	je = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Journal Entry",
			"company": company,
			"posting_date": posting_date or today(),
			"accounts": [
				{"account": account, "debit_in_account_currency": amount, "cost_center": cost_center},
				{"account": CASH, "credit_in_account_currency": amount, "cost_center": cost_center},
			],
		}
	)
	je.insert(ignore_permissions=True)
	je.submit()
	return je


# management reviews ---------------------------------------------------------------------


def make_review(
	attendees=(("director@isms.test", 1), ("manager@isms.test", 1)),
	chair: str = "director@isms.test",
	decisions=(),
	company: str = TEST_COMPANY,
	author: str = "manager@isms.test",
	review_date=None,
	**kwargs,
):
	"""A planned Management Review prepared by the ISMS Manager."""
	from frappe.utils import today

	doc = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": kwargs.pop("title", "Management Review"),
			"company": company,
			"review_date": review_date or today(),
			"chair": employee_of(chair),
			"attendees": [
				{"employee": employee_of(user), "attended": attended} for user, attended in attendees
			],
			"decisions": list(decisions),
			**kwargs,
		}
	)
	with as_user(author):
		doc.insert()
	return doc


def summarise(review, author: str = "manager@isms.test", note: str = "Discussed."):
	"""Write a discussion summary on every input and a note on every carried action."""
	doc = frappe.get_doc("Management Review", review.name if not isinstance(review, str) else review)
	for row in doc.inputs:
		row.discussion_summary = row.discussion_summary or f"{note} ({row.input_code})"
	for row in doc.carried_actions:
		row.status_note = row.status_note or note
	with as_user(author):
		doc.save()
	return doc


def sign_off(review, approver: str = "director@isms.test", author: str = "manager@isms.test"):
	"""Take a prepared review through to sign-off."""
	with as_user(author):
		review = transition(review, "Start")
		review = transition(review, "Request Sign-off")
	with as_user(approver):
		return transition(review, "Sign Off")


def make_objective(company: str = TEST_COMPANY, author: str = "manager@isms.test", **kwargs):
	"""A draft Security Objective of the ISMS Manager: the phishing click rate (lower is
	better) down to 5 % within ten months, owned by employee1."""
	doc = frappe.get_doc(
		{
			"doctype": "Security Objective",
			"objective": "Reduce the phishing click rate",
			"company": company,
			"owner_employee": employee_of("employee1@isms.test"),
			"plan": "Quarterly phishing simulations and training for those who click.",
			"resources": "Simulation platform; two days of the awareness lead per quarter.",
			"evaluation": "Click rate of the simulation campaigns.",
			"metric": "Phishing simulation click rate",
			"unit": "%",
			"target": 5,
			"direction": "Lower is better",
			"measurement_frequency": "Quarterly",
			"due_date": add_months(getdate(), 10),
			**kwargs,
		}
	)
	with as_user(author):
		doc.insert()
	return doc


def ours(names: list[str], doctype: str = "Employee", company: str = TEST_COMPANY) -> list[str]:
	"""The records of the test company among those a site-wide job returns (the site may hold
	other companies, such as the demo)."""
	return [name for name in names if frappe.db.get_value(doctype, name, "company") == company]
