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


class GrantChangeError(ISMSValidationError):
	"""Somebody other than a System Manager changed what an ISMS Role grants."""


class InvalidPeriodError(ISMSValidationError):
	pass


class EmployeeNotEligibleError(ISMSValidationError):
	"""The employee is not active or not of the document's company."""


class OverlappingAssignmentError(ISMSValidationError):
	pass


class ConflictingRoleError(ISMSValidationError):
	"""Segregation of duties (A.5.3): the employee holds a conflicting role in the period."""


class InvalidDeputyError(ISMSValidationError):
	pass


class CompetenceEvidenceError(ISMSValidationError):
	pass


class ApprovedRecordChangeError(ISMSValidationError):
	"""An approved record was about to be changed outside the app's own paths."""


class MissingPolicyStatementError(ISMSValidationError):
	"""The top-level policy lacks a statement clause 5.2 requires."""


class PolicyContentTooLargeError(ISMSValidationError):
	"""A policy's text is larger than ISMS Settings allow."""


class PolicyVersionError(ISMSValidationError):
	pass


class AcknowledgementError(ISMSValidationError):
	pass


class BudgetSyncError(ISMSValidationError):
	"""The ERPNext Budget cannot follow an approved allocation as it stands."""


class AllocationAccountError(ISMSValidationError):
	"""An account, cost center or fiscal year does not fit the allocation's company."""


class TimeShareError(ISMSValidationError):
	"""An employee would give more than all of their working time to the ISMS."""


class SeparationOfDutiesError(ISMSValidationError):
	"""The same person would take two of the roles that must stay apart."""


class SignOffError(ISMSValidationError):
	"""A management review lacks what clause 9.3 asks before it is signed off."""


class ActionChangeError(ISMSValidationError):
	"""Somebody changed an ISMS Action beyond what their part allows."""


class ObjectiveError(ISMSValidationError):
	"""A security objective or its measurement is not valid."""


class CommunicationEvidenceError(ISMSValidationError):
	"""A recorded communication lacks evidence, or its evidence is not what it claims."""


class UnsafeLinkError(ISMSValidationError):
	"""An attachment field holds something else than a file of the site or an http(s) address."""


class WorkflowMoveError(ApprovalRefusedError):
	"""A request moved a record to a workflow state no transition of the user leads to."""


class ContentChangedError(ISMSValidationError):
	"""The content is not the content that was sent for approval (its fingerprint differs)."""


class ConcurrentApprovalError(ISMSValidationError):
	"""Another approval was being recorded on the same records at the same time."""


class StaleDecisionError(frappe.ValidationError):
	"""A decision was taken on a record whose content changed since it was shown (its
	fingerprint differs), or that no longer waits for it."""


class RequirementError(ISMSValidationError):
	"""A requirement of the catalogue is not valid, or a shipped one would be changed."""


class FrameworkMeasureError(ISMSValidationError):
	"""A policy names as a framework measure a requirement that policies do not answer."""


class StatementError(ISMSValidationError):
	"""A management body statement is not valid (its period, its framework)."""
