# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ISMSInstalledWorkflow(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		definition_fingerprint: DF.Data | None
		installed_fingerprint: DF.Data | None
		installed_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		workflow: DF.Link | None
	# end: auto-generated types
	pass
