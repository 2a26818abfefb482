"""The acknowledgement counts kept per policy version equal a recount, whatever happens.

Random sequences of the operations that change acknowledgements — publishing (the
campaign), a new version that carries acknowledgements over, employees acknowledging, the
overdue sweep, employees leaving (by the event and by the daily sweep) — and after each
step the kept counts are compared with a count of the rows. The reconciliation repairs
counts that drifted and says so."""

import random
from unittest.mock import patch

import frappe
from frappe.utils import add_days, today

from isms_leadership import ack_counts
from isms_leadership.integrations.employee import close_for_leavers
from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.doctype.security_policy.api import new_version
from isms_leadership.queries.policies import (
	COUNT_COLUMNS,
	kept_counts,
	policy_acknowledgement_counts,
	recount_acknowledgements,
)
from isms_leadership.tasks.campaign import run_campaign
from isms_leadership.tasks.policies import mark_overdue, reconcile_acknowledgement_counts
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	make_employee,
	make_policy,
	make_top_management,
	make_user,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase

STEPS = 14


def exact(counts: dict) -> dict:
	return {status: counts.get(status, 0) for status in COUNT_COLUMNS}


class TestKeptAcknowledgementCounts(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		# a few more people to ask, each with a user to acknowledge with
		for i in range(6):
			make_employee(make_user(f"counted{i}@isms.test", roles=["Employee"]), first_name=f"Counted{i}")
		# and people with no user to acknowledge with, counted apart
		for i in range(4):
			make_employee(first_name=f"Userless{i}")
		self.policy = publish(make_policy(title="Counted Policy"))
		self.versions = [self.policy.name]

	def assert_kept_equals_recount(self, step: str):
		counted = recount_acknowledgements(self.versions)
		stored = kept_counts(self.versions)
		for version in self.versions:
			self.assertEqual(
				exact(stored.get(version, {})), exact(counted.get(version, {})), f"{version} after {step}"
			)

	# the operations ------------------------------------------------------------------------

	def open_acks(self, rng, n=3, user_like="%"):
		"""``n`` open acknowledgements of the newest version; ``user_like`` None: without a user."""
		rows = frappe.get_all(
			"Policy Acknowledgement",
			filters={
				"security_policy": self.versions[-1],
				"status": ["in", ["Pending", "Overdue"]],
				"user": ["like", user_like] if user_like else ["is", "not set"],
			},
			fields=["name", "user", "employee"],
			order_by="name",
		)
		return rng.sample(rows, min(n, len(rows)))

	def op_acknowledge(self, rng):
		for row in self.open_acks(rng):
			if frappe.db.get_value("Employee", row.employee, "status") == "Active":
				with as_user(row.user):
					acknowledge(row.name)

	def op_overdue(self, rng):
		# time passes for some: their due date is behind them, then the daily sweep runs
		for row in self.open_acks(rng):
			frappe.db.set_value("Policy Acknowledgement", row.name, "due_date", add_days(today(), -1))
		mark_overdue()

	def op_leaver_by_event(self, rng):
		# only the people added here leave: the ISMS Manager and the directors stay
		for row in self.open_acks(rng, n=1, user_like="counted%"):
			employee = frappe.get_doc("Employee", row.employee)
			employee.status = "Left"
			employee.relieving_date = today()
			employee.save()

	def op_leaver_by_sweep(self, rng):
		for row in self.open_acks(rng, n=1, user_like="late%"):
			frappe.db.set_value("Employee", row.employee, "relieving_date", add_days(today(), -1))
		close_for_leavers()

	def op_userless_leaves(self, rng):
		for row in self.open_acks(rng, n=1, user_like=None):
			# one of them (Userless0) stays, so that the count is never empty for good
			if frappe.db.get_value("Employee", row.employee, "first_name") in ("Userless1", "Userless2"):
				frappe.db.set_value("Employee", row.employee, "status", "Left")
		close_for_leavers()

	def op_new_version(self, rng):
		with as_user("manager@isms.test"):
			draft = frappe.get_doc("Security Policy", new_version(self.versions[-1]))
			draft.material_change = rng.choice([0, 1])
			draft.change_summary = "Reworded" if not draft.material_change else "Material change"
			draft.content = (draft.content or "") + f"<p>Revision {len(self.versions)}.</p>"
			draft.save()
		self.versions.append(publish(draft).name)

	def op_campaign_again(self, rng):
		make_employee(
			make_user(f"late{rng.randrange(10**6)}@isms.test", roles=["Employee"]), first_name="Late"
		)
		run_campaign(self.versions[-1])

	OPERATIONS = (
		"op_acknowledge",
		"op_overdue",
		"op_leaver_by_event",
		"op_leaver_by_sweep",
		"op_userless_leaves",
		"op_new_version",
		"op_campaign_again",
	)

	# the tests -------------------------------------------------------------------------------

	def test_kept_counts_equal_a_recount_after_every_step(self):
		self.assert_kept_equals_recount("publication")
		for seed in (1, 2, 3):
			rng = random.Random(seed)
			for i in range(STEPS):
				operation = rng.choice(self.OPERATIONS)
				getattr(self, operation)(rng)
				self.assert_kept_equals_recount(f"seed {seed}, step {i}: {operation}")
		# the sequences did move every kind of count
		totals = {status: 0 for status in COUNT_COLUMNS}
		for counts in kept_counts(self.versions).values():
			for status, n in counts.items():
				totals[status] += n
		self.assertTrue(all(totals.values()), totals)
		self.assertGreater(len(self.versions), 1)

	def test_the_daily_sweeps_work_in_batches(self):
		"""More open acknowledgements than a batch: all of them change, the counts follow."""
		rows = frappe.get_all(
			"Policy Acknowledgement", filters={"security_policy": self.policy.name}, pluck="name"
		)
		self.assertGreater(len(rows), 5)
		for name in rows:
			frappe.db.set_value("Policy Acknowledgement", name, "due_date", add_days(today(), -1))
		with patch.object(ack_counts, "SWEEP_BATCH", 2):
			self.assertEqual(mark_overdue(), len(rows))
			self.assertEqual(kept_counts([self.policy.name])[self.policy.name]["Overdue"], len(rows))
			self.assert_kept_equals_recount("overdue in batches of 2")
			userless = frappe.get_all("Employee", filters={"first_name": ["like", "Userless%"]}, pluck="name")
			for employee in userless:
				frappe.db.set_value("Employee", employee, "status", "Left")
			self.assertEqual(close_for_leavers(), len(userless))
			self.assert_kept_equals_recount("leavers in batches of 2")
		self.assertEqual(kept_counts([self.policy.name])[self.policy.name]["asked_without_user"], 0)

	def test_the_form_and_the_register_read_the_kept_counts(self):
		counts = policy_acknowledgement_counts(self.policy.name)
		self.assertEqual(
			counts["Pending"],
			frappe.db.count("Policy Acknowledgement", {"security_policy": self.policy.name}),
		)
		self.assertEqual(counts["total"], counts["Pending"])

	def test_the_daily_reconciliation_repairs_drift_and_says_so(self):
		self.assertEqual(reconcile_acknowledgement_counts(), [])
		table = frappe.qb.DocType(ack_counts.COUNT)
		frappe.qb.update(table).set(table.pending, table.pending + 5).where(
			table.security_policy == self.policy.name
		).run()
		before = frappe.db.count("Error Log", {"method": "ISMS: acknowledgement counts repaired"})
		self.assertEqual(reconcile_acknowledgement_counts(), [self.policy.name])
		self.assert_kept_equals_recount("reconciliation")
		self.assertEqual(
			frappe.db.count("Error Log", {"method": "ISMS: acknowledgement counts repaired"}), before + 1
		)
		self.assertEqual(reconcile_acknowledgement_counts(), [], "nothing left to repair")

	def test_the_counts_of_a_company_are_read_by_its_isms_readers_only(self):
		self.assertTrue(frappe.db.exists(ack_counts.COUNT, self.policy.name))
		self.assertEqual(frappe.db.get_value(ack_counts.COUNT, self.policy.name, "company"), TEST_COMPANY)
		with as_user("auditor@isms.test"):
			self.assertTrue(frappe.has_permission(ack_counts.COUNT, "read", doc=self.policy.name))
			self.assertFalse(frappe.has_permission(ack_counts.COUNT, "write", doc=self.policy.name))
		with as_user("employee1@isms.test"):
			self.assertFalse(frappe.has_permission(ack_counts.COUNT, "read", doc=self.policy.name))
