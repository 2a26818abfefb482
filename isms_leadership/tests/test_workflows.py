import copy

import frappe

from isms_leadership.core.workflow_defaults import Plan
from isms_leadership.tests.utils import ISMSTestCase
from isms_leadership.workflows import (
	ensure_masters,
	load_definitions,
	restore,
	restore_default_workflows,
	sync_default_workflows,
)

# An inactive workflow on ToDo's own status field: proves the mechanism without changing
# how ToDo behaves for anybody.
TEST_WORKFLOW = {
	"workflow_name": "ISMS Installer Test Workflow",
	"document_type": "ToDo",
	"is_active": 0,
	"workflow_state_field": "status",
	"state_styles": {"Closed": "Success"},
	"states": [
		{"state": "Open", "doc_status": "0", "allow_edit": "ISMS Manager"},
		{"state": "Closed", "doc_status": "0", "allow_edit": "ISMS Manager"},
	],
	"transitions": [
		{
			"state": "Open",
			"action": "Approve",
			"next_state": "Closed",
			"allowed": "ISMS Top Management",
			"allow_self_approval": 0,
		}
	],
}
NAME = TEST_WORKFLOW["workflow_name"]


def transitions():
	return [
		(t.state, t.action, t.next_state, t.allowed) for t in frappe.get_doc("Workflow", NAME).transitions
	]


class TestDefaultWorkflows(ISMSTestCase):
	def test_absent_workflow_is_installed_then_kept(self):
		self.assertFalse(frappe.db.exists("Workflow", NAME))
		self.assertEqual(sync_default_workflows([TEST_WORKFLOW]), {NAME: Plan.INSTALL})
		self.assertEqual(transitions(), [("Open", "Approve", "Closed", "ISMS Top Management")])
		self.assertEqual(frappe.db.get_value("Workflow State", "Closed", "style"), "Success")
		modified = frappe.db.get_value("Workflow", NAME, "modified")

		self.assertEqual(sync_default_workflows([TEST_WORKFLOW]), {NAME: Plan.KEEP})
		self.assertEqual(frappe.db.get_value("Workflow", NAME, "modified"), modified)

	def test_customised_workflow_is_never_overwritten(self):
		sync_default_workflows([TEST_WORKFLOW])
		workflow = frappe.get_doc("Workflow", NAME)
		workflow.transitions[0].allowed = "System Manager"
		workflow.save()

		self.assertEqual(sync_default_workflows([TEST_WORKFLOW]), {NAME: Plan.LEAVE})
		newer = copy.deepcopy(TEST_WORKFLOW)
		newer["transitions"][0]["action"] = "Reject"
		self.assertEqual(sync_default_workflows([newer]), {NAME: Plan.LEAVE})
		self.assertEqual(transitions(), [("Open", "Approve", "Closed", "System Manager")])

	def test_untouched_workflow_follows_a_new_definition(self):
		sync_default_workflows([TEST_WORKFLOW])
		newer = copy.deepcopy(TEST_WORKFLOW)
		newer["transitions"].append(
			{"state": "Closed", "action": "Reopen", "next_state": "Open", "allowed": "ISMS Manager"}
		)
		self.assertEqual(sync_default_workflows([newer]), {NAME: Plan.UPGRADE})
		self.assertIn(("Closed", "Reopen", "Open", "ISMS Manager"), transitions())
		self.assertEqual(sync_default_workflows([newer]), {NAME: Plan.KEEP})

	def test_a_workflow_the_app_never_wrote_is_left_alone(self):
		ensure_masters(TEST_WORKFLOW)
		frappe.get_doc(
			{
				**copy.deepcopy(TEST_WORKFLOW),
				"doctype": "Workflow",
				"transitions": [{**TEST_WORKFLOW["transitions"][0], "allowed": "Employee"}],
			}
		).insert()
		self.assertEqual(sync_default_workflows([TEST_WORKFLOW]), {NAME: Plan.LEAVE})
		self.assertEqual(transitions(), [("Open", "Approve", "Closed", "Employee")])

	def test_restore_puts_the_defaults_back(self):
		sync_default_workflows([TEST_WORKFLOW])
		workflow = frappe.get_doc("Workflow", NAME)
		workflow.transitions[0].allowed = "System Manager"
		workflow.save()

		self.assertEqual(restore([TEST_WORKFLOW]), [NAME])
		self.assertEqual(transitions(), [("Open", "Approve", "Closed", "ISMS Top Management")])
		# and the app knows it is untouched again
		self.assertEqual(sync_default_workflows([TEST_WORKFLOW]), {NAME: Plan.KEEP})

	def test_only_a_system_manager_may_restore(self):
		for user in ("manager@isms.test", "director@isms.test", "auditor@isms.test"):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				restore_default_workflows()
		frappe.set_user("sysadmin@isms.test")
		self.assertEqual(
			sorted(restore_default_workflows()), sorted(d["workflow_name"] for d in load_definitions())
		)

	def test_shipped_workflows_are_installed_on_the_site(self):
		recorded = {row.workflow for row in frappe.get_single("ISMS Settings").installed_workflows}
		for definition in load_definitions():
			self.assertTrue(frappe.db.exists("Workflow", definition["workflow_name"]))
			self.assertIn(definition["workflow_name"], recorded)
