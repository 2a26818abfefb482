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
before_install = "isms_leadership.install.before_install"
after_sync = "isms_leadership.install.after_sync"
after_migrate = "isms_leadership.install.after_migrate"
before_uninstall = "isms_leadership.install.before_uninstall"

# Fixtures: the desk roles of the app, filtered by exact name; the catalogue of requirements
# Leadership Evidence judges (ISO/IEC 27001:2022, NIS2, DORA), its shipped rows only (a site's
# own rows are never exported nor overwritten)
# ------------------
fixtures = [
	{
		"doctype": "Role",
		"filters": [["name", "in", ["ISMS Manager", "ISMS Top Management", "ISMS Auditor"]]],
	},
	{"doctype": "ISMS Requirement", "filters": [["is_standard", "=", 1]]},
]

# Testing
# ------------------
before_tests = "isms_leadership.tests.before_tests"

# Permissions
# ------------------
_rules = "isms_leadership.permissions.rules"
_company = "isms_leadership.permissions.company_has_permission"
_children = "isms_leadership.permissions.child_query_conditions"
# each list: the record's own rule, then the company rule (Frappe asks the last one first;
# the first that answers decides, and both can only deny)
has_permission = {
	"Role Assignment": [f"{_rules}.role_assignment", _company],
	"Security Policy": [f"{_rules}.security_policy", _company],
	"Policy Acknowledgement": [f"{_rules}.policy_acknowledgement", _company],
	"Management Review": [f"{_rules}.management_review", _company],
	"ISMS Action": [f"{_rules}.isms_action", _company],
	"Security Objective": [f"{_rules}.security_objective", _company],
	"Resource Allocation": _company,
	"ISMS Evidence Pack": _company,
	"ISMS Communication": _company,
	"ISMS Planned Communication": _company,
	"ISMS Awareness Record": _company,
	"ISMS Reminder": _company,
	"Policy Acknowledgement Count": _company,
	"Management Body Statement": _company,
}
permission_query_conditions = {
	"Role Assignment": f"{_rules}.role_assignment_query",
	"Security Policy": f"{_rules}.security_policy_query",
	"Policy Acknowledgement": f"{_rules}.policy_acknowledgement_query",
	"Management Review": f"{_rules}.management_review_query",
	"ISMS Action": f"{_rules}.isms_action_query",
	"Security Objective": f"{_rules}.security_objective_query",
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
			"Security Policy Measure",
			"Management Body Statement Line",
		)
	},
}

# Print and e-mail: the approver of a policy with the ISMS roles they held (print format);
# the decision a workflow e-mail asks of top management (e-mail template)
# ------------------
jinja = {"methods": ["isms_leadership.jinja.isms_policy_approval", "isms_leadership.jinja.isms_decision"]}

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

# Scheduled tasks: every job is in isms_leadership/tasks/
# ------------------
scheduler_events = {
	"hourly": [
		"isms_leadership.tasks.budget.refresh_spending",
	],
	"daily": [
		"isms_leadership.tasks.appointments.vacate_leavers",
		"isms_leadership.tasks.appointments.update_statuses",
		"isms_leadership.tasks.policies.remind_reviews",
		"isms_leadership.tasks.policies.remind_overdue",
		"isms_leadership.tasks.policies.reconcile_acknowledgement_counts",
		"isms_leadership.tasks.reviews.update_overdue",
		"isms_leadership.tasks.reviews.remind_reviews",
		"isms_leadership.tasks.practice.update_objectives",
		"isms_leadership.tasks.practice.remind_overdue_communications",
		"isms_leadership.tasks.practice.remind_awareness",
	],
	"weekly": [
		"isms_leadership.tasks.digest.send_weekly_digest",
	],
}
