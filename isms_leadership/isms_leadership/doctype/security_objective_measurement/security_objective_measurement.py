# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class SecurityObjectiveMeasurement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		measured_on: DF.Date
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		recorded_by: DF.Link | None
		value: DF.Float
	# end: auto-generated types
	pass
