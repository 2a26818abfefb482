from frappe import _


def get_data():
	return {
		"fieldname": "security_policy",
		"non_standard_fieldnames": {"Security Policy": "previous_version"},
		"transactions": [
			{"label": _("Communication"), "items": ["Policy Acknowledgement"]},
			{"label": _("Versions"), "items": ["Security Policy"]},
		],
	}
