"""Whitelisted methods of Security Objective: record a measurement."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate
from frappe.utils.html_utils import sanitize_html

from isms_leadership.exceptions import ObjectiveError
from isms_leadership.permissions.rules import may_record_measurement


@frappe.whitelist(methods=["POST"])
def record_measurement(objective: str, measured_on: str, value, note: str | None = None) -> dict:
	"""The objective's owner or an ISMS Manager records a measurement. Returns the status."""
	# a row added after approval escapes Frappe's own sanitising: clean the text here
	note = sanitize_html(note) if note else note
	doc = frappe.get_doc("Security Objective", objective)
	doc.check_permission("read")
	if not may_record_measurement(doc, frappe.session.user):
		frappe.throw(
			_("Only the owner of the objective or an ISMS Manager records its measurements."),
			frappe.PermissionError,
		)
	if doc.docstatus == 2:
		frappe.throw(_("The objective is cancelled."), exc=ObjectiveError)
	try:
		value = float(value)
	except (TypeError, ValueError):
		frappe.throw(_("The value must be a number."), exc=ObjectiveError, title=_("Invalid Measurement"))
	doc.append(
		"measurements",
		{
			"measured_on": getdate(measured_on),
			"value": value,
			"note": note,
			"recorded_by": frappe.session.user,
		},
	)
	# The caller was checked above: the owner of the objective or an ISMS Manager; only a
	# measurement row is added (existing rows cannot change, see validate_measurements_kept).
	doc.flags.ignore_permissions = True
	doc.flags.isms_system_update = True
	doc.save()
	return {
		"status": doc.status,
		"latest_value": doc.latest_value,
		"next_measurement_due": doc.next_measurement_due,
	}
