"""Default approval workflows of isms_leadership.

Each ``*.json`` file in this folder is one Workflow as Frappe stores it (workflow_name,
document_type, is_active, workflow_state_field, states, transitions), plus an optional
``state_styles`` map used when a Workflow State has to be created.

Frappe does not sync workflows from module folders, so the app installs them itself on
install and after every migrate: absent workflows are installed, untouched ones follow the
app's new definitions, and a workflow somebody changed is never overwritten. A System
Manager can restore the defaults explicitly.
"""

from __future__ import annotations

import json
from pathlib import Path

import frappe
from frappe import _
from frappe.utils import now_datetime

from isms_leadership.core.workflow_defaults import Plan, fingerprint, plan

DEFINITIONS_DIR = Path(__file__).parent
#: the e-mail templates the workflows name (``next_action_email_template``), installed when absent
EMAIL_TEMPLATES_DIR = DEFINITIONS_DIR / "email_templates"
WORKFLOW_FIELDS = (
	"document_type",
	"is_active",
	"override_status",
	"send_email_alert",
	"workflow_state_field",
)


def load_definitions(directory: Path = DEFINITIONS_DIR) -> list[dict]:
	return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def sync_default_workflows(definitions: list[dict] | None = None) -> dict[str, Plan]:
	"""Install absent default workflows and upgrade untouched ones. Returns the plan per workflow."""
	definitions = load_definitions() if definitions is None else definitions
	settings = frappe.get_single("ISMS Settings")
	records = {row.workflow: row for row in settings.installed_workflows}
	results = {}
	for definition in definitions:
		name = definition["workflow_name"]
		if not frappe.db.exists("DocType", definition["document_type"]):
			continue
		record = records.get(name)
		action = plan(
			fingerprint(definition),
			current_fingerprint(name),
			record.definition_fingerprint if record else None,
			record.installed_fingerprint if record else None,
		)
		if action in (Plan.INSTALL, Plan.UPGRADE):
			write_workflow(definition)
			record_installation(settings, definition)
		results[name] = action
	if any(action in (Plan.INSTALL, Plan.UPGRADE) for action in results.values()):
		# System-owned bookkeeping, written by the installer (Administrator) or after the
		# System Manager check in restore_default_workflows.
		settings.save(ignore_permissions=True)
	return results


@frappe.whitelist(methods=["POST"])
def restore_default_workflows() -> list[str]:
	"""Overwrite the app's workflows with their shipped definitions. System Manager only."""
	# frappe.only_for is skipped in tests; this check must hold there too
	if "System Manager" not in frappe.get_roles():
		frappe.throw(
			_("Only a System Manager can restore the default workflows."),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)
	return restore(load_definitions())


def restore(definitions: list[dict]) -> list[str]:
	settings = frappe.get_single("ISMS Settings")
	restored = []
	for definition in definitions:
		if not frappe.db.exists("DocType", definition["document_type"]):
			continue
		write_workflow(definition)
		record_installation(settings, definition)
		restored.append(definition["workflow_name"])
	# See sync_default_workflows: bookkeeping after the permission check above.
	settings.save(ignore_permissions=True)
	return restored


def remove_default_workflows():
	"""Delete the workflows of the app's doctypes (used before uninstall)."""
	doctypes = frappe.get_all("DocType", filters={"module": "ISMS Leadership"}, pluck="name")
	for name in frappe.get_all("Workflow", filters={"document_type": ["in", doctypes]}, pluck="name"):
		frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)


def current_fingerprint(name: str) -> str | None:
	if not frappe.db.exists("Workflow", name):
		return None
	return fingerprint(frappe.get_doc("Workflow", name).as_dict())


def write_workflow(definition: dict):
	ensure_masters(definition)
	ensure_email_templates(definition)
	name = definition["workflow_name"]
	if frappe.db.exists("Workflow", name):
		workflow = frappe.get_doc("Workflow", name)
	else:
		workflow = frappe.new_doc("Workflow")
		workflow.workflow_name = name
	for field in WORKFLOW_FIELDS:
		if field in definition:
			workflow.set(field, definition[field])
	workflow.set("states", [dict(row) for row in definition.get("states", [])])
	workflow.set("transitions", [dict(row) for row in definition.get("transitions", [])])
	# The app's own default configuration; callers are the installer or a System Manager.
	workflow.flags.ignore_permissions = True
	workflow.save()
	return workflow


def record_installation(settings, definition: dict):
	name = definition["workflow_name"]
	row = next((r for r in settings.installed_workflows if r.workflow == name), None)
	if not row:
		row = settings.append("installed_workflows", {"workflow": name})
	row.definition_fingerprint = fingerprint(definition)
	row.installed_fingerprint = current_fingerprint(name)
	row.installed_on = now_datetime()


def ensure_email_templates(definition: dict):
	"""Create the e-mail templates a definition's states name, when absent (a template a
	site changed is kept)."""
	names = {row.get("next_action_email_template") for row in definition.get("states", [])} - {None}
	for path in sorted(EMAIL_TEMPLATES_DIR.glob("*.json")):
		template = json.loads(path.read_text())
		if template["name"] in names and not frappe.db.exists("Email Template", template["name"]):
			frappe.get_doc({"doctype": "Email Template", **template}).insert(
				ignore_permissions=True  # master data the workflow needs; see write_workflow
			)


def ensure_masters(definition: dict):
	"""Create the Workflow States and Workflow Action Masters a definition names."""
	styles = definition.get("state_styles", {})
	states = {row["state"] for row in definition.get("states", [])}
	states |= {row["next_state"] for row in definition.get("transitions", [])}
	for state in sorted(states):
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": styles.get(state, "")}
			).insert(ignore_permissions=True)  # master data the workflow needs; see write_workflow
	for action in sorted({row["action"] for row in definition.get("transitions", [])}):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True  # master data the workflow needs; see write_workflow
			)
