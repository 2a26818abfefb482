"""Errors raised by isms_leadership that tests and callers can tell apart."""

import frappe


class ISMSValidationError(frappe.ValidationError):
	"""Base class of the app's validation errors."""


class ApprovalRefusedError(ISMSValidationError):
	"""The user may not approve this document (see isms_leadership.core.approval)."""


class InvalidSettingError(ISMSValidationError):
	pass


class RoleConflictDefinitionError(ISMSValidationError):
	"""An ISMS Role names itself as conflicting, or a conflict is not allowed."""


class PrivilegedDeskRoleError(ISMSValidationError):
	"""An ISMS Role would grant a desk role that must never be granted this way."""
