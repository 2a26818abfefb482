# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Employees acknowledge the policies meant for them (A.5.1, 7.3, 7.4).

Acknowledgements are made by the system when a version is published (``run_campaign``) and
changed only by their own employee acknowledging (``acknowledge``) or by the daily job that
marks them overdue. Nobody edits them in the form.
"""

from __future__ import annotations

from pypika.terms import ExistsCriterion

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import close_all_assignments
from frappe.model.document import Document
from frappe.query_builder import Criterion
from frappe.utils import add_days, getdate, now_datetime, today

from isms_leadership.approvals import held_on
from isms_leadership.core.policy import (
	AckStatus,
	PolicyStatus,
	PreviousAcknowledgement,
	acknowledgement_due,
	acknowledgement_status,
	plan_acknowledgements,
	still_employed,
)
from isms_leadership.exceptions import AcknowledgementError

#: roles that read every acknowledgement; everybody else reads their own
FULL_READ_ROLES = frozenset(
	{"System Manager", "HR Manager", "ISMS Manager", "ISMS Top Management", "ISMS Auditor"}
)
BATCH_SIZE = 1000
INSERT_FIELDS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"docstatus",
	"idx",
	"security_policy",
	"policy_title",
	"version",
	"company",
	"employee",
	"employee_name",
	"user",
	"status",
	"due_date",
	"acknowledged_on",
	"carried_over_from",
)


class PolicyAcknowledgement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledged_on: DF.Datetime | None
		carried_over_from: DF.Link | None
		company: DF.Link | None
		due_date: DF.Date | None
		employee: DF.Link
		employee_name: DF.Data | None
		policy_title: DF.Data | None
		security_policy: DF.Link
		status: DF.Literal["Pending", "Acknowledged", "Overdue", "Not Required"]
		user: DF.Link | None
		version: DF.Int
	# end: auto-generated types

	def validate(self):
		if not self.flags.isms_system_update:
			frappe.throw(
				_(
					"Acknowledgements are created when a policy is published and changed only by acknowledging."
				),
				exc=AcknowledgementError,
				title=_("Not Editable"),
			)
		self.set_status()

	def on_trash(self):
		frappe.throw(
			_("An acknowledgement is evidence and cannot be deleted."),
			exc=AcknowledgementError,
			title=_("Not Deletable"),
		)

	def set_status(self, on_date=None):
		day = getdate(on_date or today())
		status, relieving_date = frappe.db.get_value(
			"Employee", self.employee, ["status", "relieving_date"]
		) or (None, None)
		self.status = acknowledgement_status(
			self.acknowledged_on,
			getdate(self.due_date) if self.due_date else None,
			day,
			employed=still_employed(status, getdate(relieving_date) if relieving_date else None, day),
		).value


def on_doctype_update():
	frappe.db.add_unique("Policy Acknowledgement", ["security_policy", "employee"])
	frappe.db.add_index("Policy Acknowledgement", ["user", "status"])
	# covers the counts by policy and status (Policy Register, Leadership Evidence, the policy
	# form): read from the index alone, never from the rows
	frappe.db.add_index("Policy Acknowledgement", ["security_policy", "status"])


# permissions ------------------------------------------------------------------------


def has_full_read(user: str) -> bool:
	return bool(FULL_READ_ROLES & set(frappe.get_roles(user)))


def has_permission(doc, ptype=None, user=None):
	"""Employees without an ISMS or HR role see only their own acknowledgements."""
	user = user or frappe.session.user
	if has_full_read(user):
		return None
	return doc.user == user


def get_permission_query_conditions(user=None):
	user = user or frappe.session.user
	if has_full_read(user):
		return ""
	return f"`tabPolicy Acknowledgement`.`user` = {frappe.db.escape(user)}"


# the campaign -----------------------------------------------------------------------


def start_campaign(policy: str) -> None:
	"""Ask the audience of a version just published, in a background job after the commit."""
	frappe.enqueue(
		run_campaign,
		queue="long",
		timeout=3600,
		job_id=f"isms-policy-campaign::{frappe.local.site}::{policy}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		policy=policy,
		commit_each_batch=not frappe.flags.in_test,
	)


def run_campaign(policy: str, commit_each_batch: bool = False) -> dict[str, int]:
	"""Create the acknowledgements ``policy`` still needs, in batches, with progress.

	Idempotent: members already asked are skipped. Returns how many were created and how
	many of them carried over from the previous version.
	"""
	doc = frappe.get_doc("Security Policy", policy)
	if doc.docstatus != 1 or not doc.requires_acknowledgement:
		return {"created": 0, "carried_over": 0}
	members = audience_members(doc)
	already_asked = frappe.get_all(
		"Policy Acknowledgement", filters={"security_policy": policy}, pluck="employee"
	)
	previous = previous_acknowledgements(doc.previous_version) if doc.previous_version else {}
	due = acknowledgement_due(getdate(today()), acknowledgement_due_days())
	plan = plan_acknowledgements(
		[(m.name, m.user_id) for m in members], already_asked, previous, bool(doc.material_change), due
	)
	names = {m.name: m.employee_name for m in members}
	now, user, day = now_datetime(), frappe.session.user, getdate(today())
	total = len(plan)
	for start in range(0, total, BATCH_SIZE):
		batch = plan[start : start + BATCH_SIZE]
		frappe.db.bulk_insert(
			"Policy Acknowledgement",
			INSERT_FIELDS,
			[
				(
					frappe.generate_hash(length=12),
					now,
					now,
					user,
					user,
					0,
					0,
					doc.name,
					doc.title,
					doc.version,
					doc.company,
					row.employee,
					names.get(row.employee),
					row.user,
					acknowledgement_status(row.acknowledged_on, row.due_date, day).value,
					row.due_date,
					row.acknowledged_on,
					row.carried_over_from,
				)
				for row in batch
			],
			ignore_duplicates=True,
		)
		if commit_each_batch:
			frappe.db.commit()  # nosemgrep: a background job over many records keeps each finished batch
		done = min(start + BATCH_SIZE, total)
		frappe.publish_progress(
			done * 100 / total,
			title=_("Asking for acknowledgements"),
			doctype="Security Policy",
			docname=doc.name,
			description=_("{0} of {1} employees").format(done, total),
		)
	carried = sum(1 for row in plan if row.carried_over_from)
	if total:
		doc.add_comment(
			"Info",
			_("{0} employees asked to acknowledge this version; {1} acknowledgements carried over.").format(
				total - carried, carried
			),
		)
	return {"created": total, "carried_over": carried}


def audience_members(policy) -> list:
	"""Active employees of the policy's company who belong to its audience (all of them
	when it names none): name, user_id, employee_name."""
	emp = frappe.qb.DocType("Employee")
	query = (
		frappe.qb.from_(emp)
		.select(emp.name, emp.user_id, emp.employee_name)
		.where(emp.company == policy.company)
		.where(emp.status == "Active")
		.orderby(emp.name)
	)
	by_type = {}
	for row in policy.get("audience") or []:
		by_type.setdefault(row.audience_type, []).append(row.audience)
	conditions = []
	if by_type.get("Department"):
		conditions.append(emp.department.isin(by_type["Department"]))
	if by_type.get("Designation"):
		conditions.append(emp.designation.isin(by_type["Designation"]))
	if by_type.get("ISMS Role"):
		ra = frappe.qb.DocType("Role Assignment")
		holders = (
			frappe.qb.from_(ra)
			.select(ra.employee)
			.where(ra.company == policy.company)
			.where(ra.isms_role.isin(by_type["ISMS Role"]))
			.where(held_on(ra))
		)
		conditions.append(emp.name.isin(holders))
	if conditions:
		query = query.where(Criterion.any(conditions))
	return query.run(as_dict=True)


def previous_acknowledgements(policy: str) -> dict[str, PreviousAcknowledgement]:
	return {
		row.employee: PreviousAcknowledgement(
			row.name, row.acknowledged_on, getdate(row.due_date) if row.due_date else None
		)
		for row in frappe.get_all(
			"Policy Acknowledgement",
			filters={"security_policy": policy},
			fields=["name", "employee", "acknowledged_on", "due_date"],
		)
	}


def acknowledgement_due_days() -> int:
	days = frappe.db.get_single_value("ISMS Settings", "acknowledgement_due_days")
	return 14 if days is None else int(days)


# acknowledging ----------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def acknowledge(acknowledgement: str) -> str:
	"""The employee confirms they have read and accept the policy. Returns the time."""
	doc = frappe.get_doc("Policy Acknowledgement", acknowledgement)
	doc.check_permission("read")
	if not doc.user or doc.user != frappe.session.user:
		frappe.throw(
			_("Only {0} can acknowledge this policy for themselves.").format(
				frappe.bold(doc.employee_name or doc.employee)
			),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if doc.acknowledged_on:
		return str(doc.acknowledged_on)
	status = frappe.db.get_value("Security Policy", doc.security_policy, "status")
	if status != PolicyStatus.PUBLISHED.value:
		frappe.throw(
			_("{0} is no longer in force and needs no acknowledgement.").format(
				frappe.bold(doc.policy_title)
			),
			exc=AcknowledgementError,
			title=_("Policy Not in Force"),
		)
	doc.flags.isms_system_update = True
	doc.acknowledged_on = now_datetime()
	# The caller was checked above: the employee's own user records the one fact that is
	# theirs to record, on their own acknowledgement; the change is kept as a Version.
	doc.save(ignore_permissions=True)
	close_all_assignments("Policy Acknowledgement", doc.name, ignore_permissions=True)
	return str(doc.acknowledged_on)


@frappe.whitelist(methods=["POST"])
def acknowledge_policy(policy: str) -> str:
	"""Acknowledge ``policy`` as the logged-in employee (used by the /policies page)."""
	name = frappe.db.get_value(
		"Policy Acknowledgement", {"security_policy": policy, "user": frappe.session.user}, "name"
	)
	if not name:
		frappe.throw(
			_("You are not asked to acknowledge this policy."),
			exc=frappe.PermissionError,
			title=_("Not Asked"),
		)
	return acknowledge(name)


def open_acknowledgements_of(user: str) -> list:
	"""The acknowledgements of ``user`` for policies in force, open ones first."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	pol = frappe.qb.DocType("Security Policy")
	return (
		frappe.qb.from_(ack)
		.join(pol)
		.on(pol.name == ack.security_policy)
		.select(
			ack.name,
			ack.security_policy,
			pol.title,
			pol.version,
			pol.policy_type,
			pol.effective_from,
			ack.status,
			ack.due_date,
			ack.acknowledged_on,
		)
		.where(ack.user == user)
		.where(pol.status == PolicyStatus.PUBLISHED.value)
		.orderby(ack.acknowledged_on)
		.orderby(ack.due_date)
		.orderby(pol.title)
	).run(as_dict=True)


# daily ------------------------------------------------------------------------------


def close_for_leavers(employees: list[str] | None = None) -> int:
	"""Acknowledgements still open of people who are no longer employed (not Active, or
	relieved on or before today) become Not Required: they are not asked any more and do not
	count against a policy's rate. Called by the employee events for one employee and daily
	for all (which also catches changes no event reported). Returns how many changed."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	emp = frappe.qb.DocType("Employee")
	day = getdate(today())
	query = (
		frappe.qb.from_(ack)
		.join(emp)
		.on(emp.name == ack.employee)
		.select(ack.name)
		.where(ack.status.isin([AckStatus.PENDING.value, AckStatus.OVERDUE.value]))
		.where((emp.status != "Active") | (emp.relieving_date <= day))
	)
	if employees is not None:
		if not employees:
			return 0
		query = query.where(ack.employee.isin(employees))
	names = query.run(pluck=True)
	if names:
		# a status the system derives from the Employee record; the acknowledgement itself is
		# not touched (nobody acknowledged anything)
		frappe.qb.update(ack).set(ack.status, AckStatus.NOT_REQUIRED.value).where(ack.name.isin(names)).run()
	return len(names)


def mark_overdue() -> int:
	"""Daily: open acknowledgements past their due date become Overdue. Returns how many."""
	filters = {
		"status": AckStatus.PENDING.value,
		"acknowledged_on": ["is", "not set"],
		"due_date": ["<", today()],
	}
	count = frappe.db.count("Policy Acknowledgement", filters)
	if count:
		frappe.db.set_value("Policy Acknowledgement", filters, "status", AckStatus.OVERDUE.value)
	return count


def remind_overdue() -> int:
	"""Daily: a ToDo for each overdue acknowledgement of a policy in force, to the user of an
	employee still active, unless one is open already. Returns how many were created."""
	mark_overdue()
	ack = frappe.qb.DocType("Policy Acknowledgement")
	pol = frappe.qb.DocType("Security Policy")
	todo = frappe.qb.DocType("ToDo")
	has_open_todo = (
		frappe.qb.from_(todo)
		.select(todo.name)
		.where(todo.reference_type == "Policy Acknowledgement")
		.where(todo.reference_name == ack.name)
		.where(todo.allocated_to == ack.user)
		.where(todo.status == "Open")
	)
	emp = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(ack)
		.join(pol)
		.on(pol.name == ack.security_policy)
		.join(emp)
		.on(emp.name == ack.employee)
		.select(ack.name, ack.user, ack.policy_title, ack.due_date)
		.where(ack.status == AckStatus.OVERDUE.value)
		.where(emp.status == "Active")
		.where(ack.user.isnotnull() & (ack.user != ""))
		.where(pol.status == PolicyStatus.PUBLISHED.value)
		.where(ExistsCriterion(has_open_todo).negate())
	).run(as_dict=True)
	for row in rows:
		# Raised by the system for the employee's own acknowledgement, which they can read.
		assign(
			{
				"doctype": "Policy Acknowledgement",
				"name": row.name,
				"assign_to": [row.user],
				"description": _("Please read and acknowledge {0}; it was due on {1}.").format(
					row.policy_title, frappe.format(row.due_date, "Date")
				),
				"date": add_days(today(), 7),
				"priority": "Medium",
			},
			ignore_permissions=True,
		)
	return len(rows)
