# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class ManagementBodyStatementLine(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		by_user: DF.Data | None
		description: DF.SmallText | None
		fingerprint: DF.Data | None
		level: DF.Data | None
		on_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		section: DF.Literal["Approved", "Reviewed", "Trained", "Open Gap"]
		version: DF.Int

	# end: auto-generated types
	pass
