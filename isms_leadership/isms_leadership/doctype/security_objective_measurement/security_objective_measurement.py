# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class SecurityObjectiveMeasurement(Document):
	pass
