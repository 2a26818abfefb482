app_name = "isms_leadership"
app_title = "ISMS Leadership"
app_publisher = "isms_leadership contributors"
app_description = "ISO/IEC 27001 leadership (clauses 5, 7.1, 9.3, 10.1) as records in Frappe and ERPNext"
app_email = "isms-leadership@example.com"
app_license = "mit"

# Apps
# ------------------
# "frappe/erpnext" resolves locally; a bare "erpnext" makes install-app ask GitHub for the org.
required_apps = ["frappe/erpnext"]

export_python_type_annotations = True

# Installation and migration
# ------------------
after_sync = "isms_leadership.install.after_sync"
after_migrate = "isms_leadership.install.after_migrate"
before_uninstall = "isms_leadership.install.before_uninstall"

# Fixtures: only the desk roles of the app, filtered by exact name
# ------------------
fixtures = [
	{
		"doctype": "Role",
		"filters": [["name", "in", ["ISMS Manager", "ISMS Top Management", "ISMS Auditor"]]],
	}
]

# Testing
# ------------------
before_tests = "isms_leadership.tests.before_tests"

# Permissions
# ------------------
_doctype = "isms_leadership.isms_leadership.doctype"
_company = "isms_leadership.permissions.company_has_permission"
_children = "isms_leadership.permissions.child_query_conditions"
# each list: the record's own rule, then the company rule (Frappe asks the last one first;
# the first that answers decides, and both can only deny)
has_permission = {
	"Role Assignment": [f"{_doctype}.role_assignment.role_assignment.has_permission", _company],
	"Security Policy": [f"{_doctype}.security_policy.security_policy.has_permission", _company],
	"Policy Acknowledgement": [
		f"{_doctype}.policy_acknowledgement.policy_acknowledgement.has_permission",
		_company,
	],
	"Management Review": [f"{_doctype}.management_review.management_review.has_permission", _company],
	"ISMS Action": [f"{_doctype}.isms_action.isms_action.has_permission", _company],
	"Security Objective": [f"{_doctype}.security_objective.security_objective.has_permission", _company],
	"Resource Allocation": _company,
	"ISMS Evidence Pack": _company,
	"ISMS Communication": _company,
	"ISMS Planned Communication": _company,
	"ISMS Awareness Record": _company,
}
permission_query_conditions = {
	"Role Assignment": f"{_doctype}.role_assignment.role_assignment.get_permission_query_conditions",
	"Security Policy": f"{_doctype}.security_policy.security_policy.get_permission_query_conditions",
	"Policy Acknowledgement": (
		f"{_doctype}.policy_acknowledgement.policy_acknowledgement.get_permission_query_conditions"
	),
	"Management Review": f"{_doctype}.management_review.management_review.get_permission_query_conditions",
	"ISMS Action": f"{_doctype}.isms_action.isms_action.get_permission_query_conditions",
	"Security Objective": f"{_doctype}.security_objective.security_objective.get_permission_query_conditions",
	# child rows only of parents the user may list
	**{
		child: _children
		for child in (
			"Management Review Input",
			"Management Review Decision",
			"Management Review Attendee",
			"Management Review Carried Action",
			"Security Policy Review",
			"Security Policy Audience",
			"Security Objective Measurement",
			"ISMS Competence Evidence",
			"Resource Allocation Line",
			"Resource Allocation Person",
			"ISMS Approval Step",
		)
	},
}

# Print: the approver of a policy, with the ISMS roles they held, in its print format
# ------------------
jinja = {"methods": [f"{_doctype}.security_policy.security_policy.isms_policy_approval"]}

# Portal: employees read and acknowledge the policies meant for them at /policies
# ------------------
standard_portal_menu_items = [
	{
		"title": "Policies",
		"route": "/policies",
		"reference_doctype": "Policy Acknowledgement",
		"role": "Employee",
	},
]

# ERPNext documents
# ------------------
doc_events = {
	"Employee": {
		"on_update": "isms_leadership.integrations.employee.on_update",
		"on_change": "isms_leadership.integrations.employee.on_change",
	},
	"Budget": {
		"before_cancel": "isms_leadership.integrations.budget.before_budget_cancel",
	},
}
override_doctype_dashboards = {
	"Employee": "isms_leadership.integrations.employee.get_dashboard_data",
}

# Scheduled tasks
# ------------------
scheduler_events = {
	"daily": [
		"isms_leadership.integrations.employee.vacate_leavers",
		f"{_doctype}.policy_acknowledgement.policy_acknowledgement.close_for_leavers",
		f"{_doctype}.role_assignment.role_assignment.update_statuses",
		f"{_doctype}.security_policy.security_policy.remind_reviews",
		f"{_doctype}.policy_acknowledgement.policy_acknowledgement.remind_overdue",
		f"{_doctype}.isms_action.isms_action.update_overdue",
		f"{_doctype}.management_review.management_review.remind_reviews",
		f"{_doctype}.security_objective.security_objective.update_objectives",
		f"{_doctype}.isms_planned_communication.isms_planned_communication.remind_overdue",
		"isms_leadership.practice.remind_awareness",
	],
	"weekly": [
		"isms_leadership.digest.send_weekly_digest",
	],
}
