"""The ISMS roles (``data/appointments.json``): HR appoints, the director (or the CFO)
approves, the appointee accepts; HR's attempt at an appointment that breaks segregation of
duties is refused by the controller."""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe.utils import add_days, add_months, strip_html

from isms_leadership.demo.base import COMPANY, Demo, as_user, data, transition
from isms_leadership.exceptions import ConflictingRoleError
from isms_leadership.isms_leadership.doctype.role_assignment.api import accept

# ISMS roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appointment:
	person: str
	isms_role: str
	requested: int  # days after the ISMS was set up (negative: days before today)
	approver: str | None  # None: waits for the director
	deputy: str | None = None
	accepted: bool = True
	evidence: str | None = None


_appointments = data("appointments.json")
#: in order: the company's first top-management appointment is approved by a System Manager
#: (Administrator); the last was approved lately and the appointee has not accepted yet
APPOINTMENTS = tuple(Appointment(**row) for row in _appointments["appointments"])
#: sent by HR, waiting for the director's approval
PENDING_APPOINTMENT = Appointment(**_appointments["pending"])
#: what the controller must refuse: the ISMS Manager may not also audit the ISMS
CONFLICTING_APPOINTMENT = Appointment(**_appointments["conflicting"])


def appoint_roles(demo: Demo) -> None:
	for appointment in APPOINTMENTS:
		appoint(demo, appointment)


def existing_assignment(employee: str, isms_role: str) -> str | None:
	return frappe.db.get_value(
		"Role Assignment",
		{"employee": employee, "isms_role": isms_role, "company": COMPANY, "docstatus": ["<", 2]},
		"name",
	)


def appoint(demo: Demo, spec: Appointment) -> str | None:
	employee = demo.employee(spec.person)
	if existing_assignment(employee, spec.isms_role):
		return None
	start = add_days(demo.appointed, spec.requested) if spec.requested >= 0 else demo.ago(-spec.requested)
	demo.clock.at(start, hour=10)
	doc = frappe.get_doc(
		{
			"doctype": "Role Assignment",
			"employee": employee,
			"company": COMPANY,
			"isms_role": spec.isms_role,
			"from_date": start,
			"deputy": demo.employee(spec.deputy) if spec.deputy else None,
			"competence_evidence": [
				{
					"evidence_type": "Certification",
					"description": spec.evidence,
					"valid_until": add_months(start, 36),
				}
			]
			if spec.evidence
			else [],
		}
	)
	with as_user("hr"):
		doc.insert()
		doc = transition("Role Assignment", doc.name, "Submit for Approval")
	if not spec.approver:
		return doc.name
	demo.clock.at(add_days(start, 1 if spec.requested >= 0 else 8), hour=11)
	with as_user(spec.approver):
		doc = transition("Role Assignment", doc.name, "Approve")
	if spec.accepted:
		demo.clock.at(add_days(start, 2), hour=12)
		with as_user(spec.person):
			accept(doc.name)
	return doc.name


def refuse_conflicting_appointment(demo: Demo) -> None:
	"""HR tries to make the ISMS Manager the internal auditor too; the controller refuses."""
	spec = CONFLICTING_APPOINTMENT
	frappe.db.savepoint("isms_demo_conflict")
	try:
		with as_user("hr"):
			frappe.get_doc(
				{
					"doctype": "Role Assignment",
					"employee": demo.employee(spec.person),
					"company": COMPANY,
					"isms_role": spec.isms_role,
					"from_date": demo.today,
					"competence_evidence": [
						{"evidence_type": "Certification", "description": "ISO/IEC 27001 Lead Auditor"}
					],
				}
			).insert()
	except ConflictingRoleError as e:
		demo.refusals.append(strip_html(str(e)))
		frappe.clear_last_message()
	else:
		demo.refusals.append("NOT REFUSED: the conflicting appointment was accepted")
	finally:
		# nothing of the attempt stays, not even a naming series number
		frappe.db.rollback(save_point="isms_demo_conflict")
