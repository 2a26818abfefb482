# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ISMSCompetenceEvidence(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		description: DF.Data
		evidence_type: DF.Literal["Certification", "Training", "Qualification", "Experience", "Other"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		valid_until: DF.Date | None
	# end: auto-generated types
	pass
