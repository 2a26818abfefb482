import ast
from pathlib import Path

from isms_leadership.core.catalogue import DEFAULT_ROLES
from isms_leadership.core.roles import asymmetric_conflicts, conflict_changes

APP = Path(__file__).resolve().parents[1] / "isms_leadership"


def test_catalogue_has_the_iso_roles():
	names = [r["role_name"] for r in DEFAULT_ROLES]
	assert names == [
		"Top Management",
		"Information Security Manager",
		"ISMS Performance Reporter",
		"Internal Auditor",
		"Risk Owner",
		"Asset Owner",
		"Data Protection Officer",
		"Incident Response Lead",
		"Security Awareness Lead",
	]
	assert [r["role_name"] for r in DEFAULT_ROLES if r.get("is_top_management")] == ["Top Management"]


def test_catalogue_conflicts_are_symmetric_and_known():
	names = {r["role_name"] for r in DEFAULT_ROLES}
	table = {r["role_name"]: r.get("conflicting_roles", []) for r in DEFAULT_ROLES}
	assert asymmetric_conflicts(table) == []
	assert all(other in names and other != role for role, others in table.items() for other in others)
	assert "Information Security Manager" in table["Internal Auditor"]


def test_catalogue_grants_only_the_apps_desk_roles():
	import json

	shipped = {r["role_name"] for r in json.loads((APP / "fixtures" / "role.json").read_text())}
	granted = {r["desk_role"] for r in DEFAULT_ROLES if r.get("desk_role")}
	assert granted == {"ISMS Top Management", "ISMS Manager", "ISMS Auditor"}
	assert granted <= shipped


def test_asymmetric_conflicts_and_changes():
	assert asymmetric_conflicts({"A": ["B"], "B": []}) == [("A", "B")]
	assert asymmetric_conflicts({"A": ["B"], "B": ["A"]}) == []
	assert conflict_changes(["A", "B"], ["B", "C"]) == ({"C"}, {"A"})


def test_core_never_imports_frappe():
	for path in (APP / "core").rglob("*.py"):
		tree = ast.parse(path.read_text())
		for node in ast.walk(tree):
			if isinstance(node, ast.Import):
				names = [alias.name for alias in node.names]
			elif isinstance(node, ast.ImportFrom):
				names = [node.module or ""]
			else:
				continue
			for name in names:
				root = name.split(".")[0]
				assert root not in {"frappe", "erpnext", "hrms"}, f"{path.name} imports {name}"
