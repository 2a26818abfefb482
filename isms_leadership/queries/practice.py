"""Leadership in practice, from the records: objectives (6.2), communications (7.4) and top
management's own awareness (7.3). The rules are in isms_leadership.core.practice; this
module gathers their inputs with a fixed number of queries per company."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count, Date, Max
from frappe.utils import add_months, getdate, today

from isms_leadership.core.policy import TOP_LEVEL
from isms_leadership.core.practice import (
	AwarenessState,
	LeaderAwareness,
	Measurement,
	ObjectiveLine,
	PlannedCommunication,
	awareness_state,
	leaders_lacking,
	objective_status,
	overdue_plan_rows,
	plan_row_due,
	uncommunicated_policies,
)
from isms_leadership.queries.appointments import top_management_holders
from isms_leadership.settings import get_settings

# objectives ---------------------------------------------------------------------------


def measurements_of(objectives: list[str]) -> dict[str, list[Measurement]]:
	"""The measurements of each of ``objectives``, oldest first (one query; none for no objective)."""
	if not objectives:
		return {}
	rows = frappe.get_all(
		"Security Objective Measurement",
		filters={"parenttype": "Security Objective", "parent": ["in", objectives]},
		fields=["parent", "measured_on", "value"],
		order_by="measured_on asc",
	)
	out: dict[str, list[Measurement]] = {name: [] for name in objectives}
	for row in rows:
		out[row.parent].append(Measurement(getdate(row.measured_on), float(row.value or 0)))
	return out


def status_of(objective, measurements: list[Measurement], day) -> str:
	"""The status of ``objective`` (a dict or document) on ``day`` (no query)."""
	return objective_status(
		target=float(objective.target or 0),
		direction=objective.direction,
		measurements=measurements,
		due_date=getdate(objective.due_date),
		frequency=objective.measurement_frequency,
		since=getdate(objective.measuring_since or objective.creation),
		today=getdate(day),
		tolerance=float(objective.tolerance if objective.tolerance is not None else 10),
	).value


OBJECTIVE_FIELDS = [
	"name",
	"objective",
	"security_policy",
	"owner_employee",
	"owner_name",
	"owner_user",
	"target",
	"unit",
	"direction",
	"due_date",
	"measurement_frequency",
	"measuring_since",
	"tolerance",
	"creation",
	"status",
	"next_measurement_due",
]


def approved_objectives(company: str | None = None, extra_filters: dict | None = None) -> list:
	"""Approved objectives (of ``company``) (one query)."""
	filters = {"docstatus": 1, **(extra_filters or {})}
	if company:
		filters["company"] = company
	return frappe.get_all(
		"Security Objective", filters=filters, fields=[*OBJECTIVE_FIELDS, "company"], order_by="name asc"
	)


def objective_lines(company: str, day) -> list[ObjectiveLine]:
	"""Each approved objective of ``company`` with its status on ``day``, for input d4 (two queries)."""
	objectives = approved_objectives(company)
	measured = measurements_of([o.name for o in objectives])
	lines = []
	for o in objectives:
		rows = measured.get(o.name, [])
		lines.append(
			ObjectiveLine(
				name=o.name,
				objective=o.objective,
				status=status_of(o, rows, day),
				latest_value=rows[-1].value if rows else None,
				target=float(o.target or 0),
				unit=o.unit,
			)
		)
	return lines


# communication ------------------------------------------------------------------------


def planned_rows(company: str | None = None) -> list:
	"""The active rows of the communication plan (of ``company``) (one query)."""
	filters = {"active": 1}
	if company:
		filters["company"] = company
	return frappe.get_all(
		"ISMS Planned Communication",
		filters=filters,
		fields=[
			"name",
			"what",
			"company",
			"audience",
			"audience_detail",
			"trigger",
			"frequency",
			"event",
			"channel",
			"responsible_role",
			"planned_since",
			"last_communicated_on",
			"next_due",
			"overdue",
		],
		order_by="name asc",
	)


def last_communications(plan_rows: list[str]) -> dict[str, object]:
	"""When each planned communication last happened (one query; none for no row)."""
	if not plan_rows:
		return {}
	comm = frappe.qb.DocType("ISMS Communication")
	return dict(
		frappe.qb.from_(comm)
		.select(comm.planned_communication, Max(comm.communicated_on))
		.where(comm.planned_communication.isin(plan_rows))
		.groupby(comm.planned_communication)
		.run()
	)


def plan_row_state(row, last) -> dict:
	"""last_communicated_on, next_due and overdue of a planned communication (no query)."""

	planned = PlannedCommunication(
		row.name,
		row.frequency if row.trigger == "Frequency" else None,
		getdate(row.planned_since),
		getdate(last) if last else None,
	)
	due = plan_row_due(planned)
	return {
		"last_communicated_on": getdate(last) if last else None,
		"next_due": due,
		"overdue": int(bool(overdue_plan_rows([planned], getdate(today())))),
	}


def communication_facts(company: str, day) -> dict:
	"""The 7.4 and 5.1 d facts of a company on ``day`` (five queries)."""
	day = getdate(day)
	rows = planned_rows(company)
	last = last_communications([r.name for r in rows])
	overdue = tuple(r.what for r in rows if plan_row_state(r, last.get(r.name))["overdue"])

	due_days = get_settings().communication_due_days
	published = frappe.get_all(
		"Security Policy",
		filters={
			"company": company,
			"docstatus": 1,
			"status": "Published",
			"approved_on": [">=", add_months(day, -12)],
		},
		fields=["name", "approved_on"],
	)
	comm = frappe.qb.DocType("ISMS Communication")
	communicated = (
		frappe.qb.from_(comm)
		.select(comm.security_policy)
		.distinct()
		.where(comm.company == company)
		.where(comm.security_policy.isin([p.name for p in published] or [""]))
		.run(pluck=True)
	)
	silent = uncommunicated_policies(
		[(p.name, getdate(p.approved_on)) for p in published], communicated, due_days, day
	)
	by_top = (
		frappe.qb.from_(comm)
		.select(Count("*"))
		.where(comm.company == company)
		.where(comm.sender_is_top_management == 1)
		.where(comm.communicated_on > add_months(day, -12))
		.where(comm.communicated_on <= day)
		.run()[0][0]
	)
	to_top = [r for r in rows if r.audience == "Top management"]
	return {
		"planned_communications": len(rows),
		"plan_rows_overdue": overdue,
		"reporting_channels": len(to_top),
		"reporting_channels_overdue": tuple(r.what for r in to_top if r.what in overdue),
		"policies_not_communicated": tuple(silent),
		"communication_due_days": due_days,
		"top_management_communications": int(by_top or 0),
	}


# awareness ----------------------------------------------------------------------------


def hrms_training_available() -> bool:
	"""HRMS is optional: its training results count when it is installed (no query)."""
	return (
		"hrms" in frappe.get_installed_apps()
		and frappe.db.table_exists("Training Result")
		and frappe.db.table_exists("Training Result Employee")
		and frappe.db.has_column("Training Event", "end_time")
	)


def awareness_completions(employees: list[str], day) -> dict[str, tuple]:
	"""Latest security awareness completed by each employee on or before ``day``:
	employee -> (date, source). ISMS Awareness Records, and HRMS training results when
	HRMS is installed (two queries with HRMS, one without)."""
	if not employees:
		return {}
	day = getdate(day)
	record = frappe.qb.DocType("ISMS Awareness Record")
	latest: dict[str, tuple] = {}
	for employee, completed in (
		frappe.qb.from_(record)
		.select(record.employee, Max(record.completed_on))
		.where(record.employee.isin(employees))
		.where(record.completed_on <= day)
		.groupby(record.employee)
		.run()
	):
		latest[employee] = (getdate(completed), "ISMS Awareness Record")
	if hrms_training_available():
		result = frappe.qb.DocType("Training Result")
		attendee = frappe.qb.DocType("Training Result Employee")
		event = frappe.qb.DocType("Training Event")
		for employee, completed in (
			frappe.qb.from_(result)
			.join(attendee)
			.on((attendee.parent == result.name) & (attendee.parenttype == "Training Result"))
			.join(event)
			.on(event.name == result.training_event)
			.select(attendee.employee, Max(Date(event.end_time)))
			.where(result.docstatus == 1)
			.where(attendee.employee.isin(employees))
			.where(Date(event.end_time) <= day)
			.groupby(attendee.employee)
			.run()
		):
			if completed and (employee not in latest or getdate(completed) > latest[employee][0]):
				latest[employee] = (getdate(completed), "Training Result")
	return latest


def current_top_policy(company: str) -> str | None:
	"""The company's information security policy in force (one query)."""
	return frappe.db.get_value(
		"Security Policy",
		{"company": company, "policy_type": TOP_LEVEL, "status": "Published", "docstatus": 1},
		"name",
	)


def leader_awareness(company: str, day) -> list[dict]:
	"""Each top-management holder of ``company`` on ``day`` with their last awareness and
	whether they acknowledged the information security policy in force (four queries)."""
	holders = top_management_holders(company, day)
	employees = sorted({h.employee for h in holders})
	completions = awareness_completions(employees, day)
	policy = current_top_policy(company)
	acknowledged = set()
	if policy and employees:
		acknowledged = set(
			frappe.get_all(
				"Policy Acknowledgement",
				filters={"security_policy": policy, "employee": ["in", employees], "status": "Acknowledged"},
				pluck="employee",
			)
		)
	seen, out = set(), []
	for h in holders:
		if h.employee in seen:
			continue
		seen.add(h.employee)
		completed, source = completions.get(h.employee, (None, None))
		out.append(
			frappe._dict(
				employee=h.employee,
				employee_name=h.employee_name,
				user=h.user_id,
				isms_roles=", ".join(sorted(x.isms_role for x in holders if x.employee == h.employee)),
				assignment=h.name,
				last_completed=completed,
				source=source,
				top_policy=policy,
				acknowledged_top_policy=(h.employee in acknowledged) if policy else None,
			)
		)
	return out


def awareness_facts(company: str, day) -> dict:
	"""The 7.3 and 5.1 facts of top management's awareness in ``company`` on ``day``, and the
	training of the management body (NIS2 20(2), DORA 5(4)) (four queries)."""
	leaders = leader_awareness(company, day)
	day = getdate(day)
	return {
		"top_management_holders": len(leaders),
		"leaders_never_trained": tuple(
			leader.employee_name or leader.employee for leader in leaders if not leader.last_completed
		),
		"leaders_training_lapsed": tuple(
			leader.employee_name or leader.employee
			for leader in leaders
			if leader.last_completed
			and awareness_state(leader.last_completed, day, 0) is not AwarenessState.CURRENT
		),
		"leaders_lacking_awareness": tuple(
			leaders_lacking(
				[
					LeaderAwareness(
						leader.employee,
						leader.employee_name or leader.employee,
						leader.last_completed,
						leader.acknowledged_top_policy,
					)
					for leader in leaders
				],
				getdate(day),
			)
		),
	}


# daily --------------------------------------------------------------------------------
