# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from isms_leadership.core.roles import (
	DEFAULT_GRANTABLE_DESK_ROLES,
	conflict_changes,
	desk_role_allowed,
	grant_changes,
)
from isms_leadership.exceptions import (
	GrantChangeError,
	PrivilegedDeskRoleError,
	RoleConflictDefinitionError,
)
from isms_leadership.settings import get_settings


class ISMSRole(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_role_conflict.isms_role_conflict import (
			ISMSRoleConflict,
		)

		authorities: DF.Text | None
		conflicting_roles: DF.TableMultiSelect[ISMSRoleConflict]
		description: DF.SmallText | None
		desk_role: DF.Link | None
		is_mandatory: DF.Check
		is_top_management: DF.Check
		iso_reference: DF.Data | None
		minimum_holders: DF.Int
		requires_competence_evidence: DF.Check
		requires_deputy: DF.Check
		responsibilities: DF.Text | None
		role_name: DF.Data

	# end: auto-generated types
	def validate(self):
		self.validate_minimum_holders()
		self.validate_desk_role()
		self.validate_grant_change()
		self.validate_conflicts()

	def on_update(self):
		self.mirror_conflicts()

	def on_trash(self):
		self.remove_from_other_conflicts(self.conflicting_role_names())

	def conflicting_role_names(self) -> set[str]:
		return {row.isms_role for row in self.conflicting_roles if row.isms_role}

	def validate_minimum_holders(self):
		if self.is_mandatory and (self.minimum_holders or 0) < 1:
			self.minimum_holders = 1

	def validate_grant_change(self):
		"""What an appointment to this role grants (top management, a desk role) is set and
		changed by a System Manager only; the change is kept as a Version and reaches new
		appointments only: approved ones keep what was approved."""
		changed = grant_changes(None if self.is_new() else self.get_doc_before_save(), self)
		if not changed or "System Manager" in frappe.get_roles():
			return
		frappe.throw(
			_("Only a System Manager may set or change {0} of an ISMS role.").format(
				", ".join(frappe.bold(_(self.meta.get_label(f))) for f in changed)
			),
			exc=GrantChangeError,
			title=_("Not Permitted"),
		)

	def validate_desk_role(self):
		additional = get_settings().additional_desk_roles
		if not desk_role_allowed(self.desk_role, additional):
			frappe.throw(
				_("An ISMS role cannot grant the desk role {0}. It may grant {1}.").format(
					frappe.bold(self.desk_role),
					", ".join(sorted({*DEFAULT_GRANTABLE_DESK_ROLES, *additional})),
				),
				exc=PrivilegedDeskRoleError,
				title=_("Desk Role Not Allowed"),
			)

	def validate_conflicts(self):
		seen = set()
		for row in self.conflicting_roles:
			if row.isms_role == self.name or row.isms_role == self.role_name:
				frappe.throw(
					_("ISMS role {0} cannot conflict with itself.").format(frappe.bold(self.role_name)),
					exc=RoleConflictDefinitionError,
					title=_("Invalid Conflict"),
				)
			if row.isms_role in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice as conflicting.").format(
						row.idx, frappe.bold(row.isms_role)
					),
					exc=RoleConflictDefinitionError,
					title=_("Invalid Conflict"),
				)
			seen.add(row.isms_role)

	def mirror_conflicts(self):
		"""Keep segregation of duties symmetric: if A conflicts with B, B conflicts with A."""
		if self.flags.mirroring_conflicts:
			return
		before = self.get_doc_before_save()
		previous = before.conflicting_role_names() if before else set()
		added, removed = conflict_changes(previous, self.conflicting_role_names())
		for other in sorted(added):
			doc = frappe.get_doc("ISMS Role", other)
			if self.name not in doc.conflicting_role_names():
				doc.append("conflicting_roles", {"isms_role": self.name})
				self._save_mirror(doc)
		self.remove_from_other_conflicts(removed)

	def remove_from_other_conflicts(self, others):
		for other in sorted(others):
			if not frappe.db.exists("ISMS Role", other):
				continue
			doc = frappe.get_doc("ISMS Role", other)
			rows = [row for row in doc.conflicting_roles if row.isms_role != self.name]
			if len(rows) != len(doc.conflicting_roles):
				doc.set("conflicting_roles", rows)
				self._save_mirror(doc)

	@staticmethod
	def _save_mirror(doc):
		doc.flags.mirroring_conflicts = True
		# The user already passed the write check on this role; the mirrored row on the other
		# role is the same fact seen from the other side, not a separate edit.
		doc.save(ignore_permissions=True)
