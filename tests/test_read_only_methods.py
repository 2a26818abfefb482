"""Every whitelisted method that answers a GET reads only, and says so with
``@frappe.read_only()``: on a site with a read replica Frappe serves it there."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "isms_leadership"


def decorators(node) -> list[str]:
	return [ast.unparse(d) for d in node.decorator_list]


def whitelisted_functions():
	for path in sorted(APP.rglob("*.py")):
		if path.name.startswith("test_") or "tests" in path.parts:
			continue
		for node in ast.walk(ast.parse(path.read_text())):
			if isinstance(node, ast.FunctionDef) and any(
				d.startswith("frappe.whitelist") for d in decorators(node)
			):
				yield path.relative_to(APP.parent), node


def test_every_get_method_is_marked_read_only():
	found = list(whitelisted_functions())
	assert len(found) > 15, "the app's whitelisted methods were not found"
	unmarked = [
		f"{path}:{node.lineno} {node.name}"
		for path, node in found
		if "methods=['POST']" not in " ".join(decorators(node)).replace('"', "'")
		and "frappe.read_only()" not in decorators(node)
	]
	assert not unmarked, "whitelisted for GET but not @frappe.read_only(): " + ", ".join(unmarked)


def test_no_post_method_is_marked_read_only():
	# a method that writes must not run on the replica
	marked = [
		f"{path}:{node.lineno} {node.name}"
		for path, node in whitelisted_functions()
		if "methods=['POST']" in " ".join(decorators(node)).replace('"', "'")
		and "frappe.read_only()" in decorators(node)
	]
	assert not marked, "a POST method is marked read-only: " + ", ".join(marked)
