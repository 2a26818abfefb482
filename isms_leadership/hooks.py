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
