import copy

from isms_leadership.core.workflow_defaults import Plan, fingerprint, plan

DEFINITION = {
	"workflow_name": "Test Approval",
	"document_type": "ToDo",
	"is_active": 0,
	"workflow_state_field": "status",
	"states": [
		{"state": "Open", "doc_status": "0", "allow_edit": "System Manager"},
		{"state": "Closed", "doc_status": "0", "allow_edit": "System Manager"},
	],
	"transitions": [
		{"state": "Open", "action": "Approve", "next_state": "Closed", "allowed": "System Manager"},
	],
}


def test_fingerprint_ignores_database_noise():
	from_db = copy.deepcopy(DEFINITION)
	from_db.update({"name": "Test Approval", "modified": "2026-01-01", "owner": "Administrator"})
	from_db["is_active"] = False
	for row in from_db["states"]:
		row.update({"doc_status": 0, "name": "abc", "idx": 1, "update_field": None})
	for row in from_db["transitions"]:
		row["condition"] = None
	assert fingerprint(from_db) == fingerprint(DEFINITION)


def test_fingerprint_sees_every_behaviour_change():
	base = fingerprint(DEFINITION)
	changes = [
		lambda d: d.update(is_active=1),
		lambda d: d["states"][0].update(allow_edit="Employee"),
		lambda d: d["states"].reverse(),
		lambda d: d["transitions"][0].update(allowed="Employee"),
		lambda d: d["transitions"][0].update(allow_self_approval=0),
		lambda d: d["transitions"][0].update(condition="doc.owner != frappe.session.user"),
		lambda d: d["transitions"].append(dict(d["transitions"][0], action="Reject")),
		lambda d: d["states"][0].update(next_action_email_template="Decision Waiting"),
	]
	for change in changes:
		edited = copy.deepcopy(DEFINITION)
		change(edited)
		assert fingerprint(edited) != base


def test_default_state_field_counts_as_workflow_state():
	a = dict(DEFINITION, workflow_state_field="workflow_state")
	b = dict(DEFINITION)
	del b["workflow_state_field"]
	assert fingerprint(a) == fingerprint(b)


def test_plan():
	assert plan("s1", None, None, None) is Plan.INSTALL
	assert plan("s1", None, "s1", "i1") is Plan.INSTALL  # deleted by hand: put it back
	assert plan("s1", "i1", "s1", "i1") is Plan.KEEP
	assert plan("s2", "i1", "s1", "i1") is Plan.UPGRADE
	assert plan("s2", "i9", "s1", "i1") is Plan.LEAVE  # customised, new version shipped
	assert plan("s1", "i9", "s1", "i1") is Plan.LEAVE  # customised
	assert plan("s1", "i1", None, None) is Plan.LEAVE  # a workflow the app never wrote


def test_a_key_added_later_leaves_older_workflows_untouched():
	"""A workflow written before states had an e-mail template keeps its fingerprint, so it
	is still recognised as untouched and upgraded (not left as changed by somebody)."""
	from_db = copy.deepcopy(DEFINITION)
	for row in from_db["states"]:
		row["next_action_email_template"] = None
	assert fingerprint(from_db) == fingerprint(DEFINITION)
