"""Babel extractors for the app's JSON files that Frappe's own extractors do not read.

Frappe's ``generate_pot`` (``bench generate-pot-file``, ``scripts/update-translations``) reads
``babel_extractors.csv`` at the root of the repository before its own method map, which covers
DocTypes, Reports, Workspaces, Python, JS and HTML but not Print Formats, Notifications, Email
Templates, the requirement catalogue in ``fixtures`` or the workflows the app installs from
``isms_leadership/workflows/*.json``. These functions yield what a user sees of those files, in
Babel's extractor protocol: ``(lineno, funcname, message, comments)``.
"""

from __future__ import annotations

import io
import json

from frappe.gettext.extractors import html_template


def _template_messages(template: str | None, where: str, keywords, comment_tags, options):
	"""The ``_()`` messages of a Jinja template held in a JSON field (Frappe's HTML extractor)."""
	if not template:
		return
	fileobj = io.BytesIO(template.encode("utf-8"))
	for _lineno, funcname, messages, comments in html_template.extract(
		fileobj, keywords, comment_tags, options
	):
		yield None, funcname, messages, [*comments, where]


def _load(fileobj, doctype: str) -> dict | None:
	data = json.load(fileobj)
	return data if isinstance(data, dict) and data.get("doctype") == doctype else None


def print_format(fileobj, keywords, comment_tags, options):
	"""The ``_()`` messages of a Print Format's Jinja template."""
	if data := _load(fileobj, "Print Format"):
		where = f"Text of the Print Format '{data.get('name')}'"
		yield from _template_messages(data.get("html"), where, keywords, comment_tags, options)


def notification(fileobj, keywords, comment_tags, options):
	"""The ``_()`` messages of a Notification's subject and message."""
	if data := _load(fileobj, "Notification"):
		for field in ("subject", "message"):
			where = f"{field.title()} of the Notification '{data.get('name')}'"
			yield from _template_messages(data.get(field), where, keywords, comment_tags, options)


def email_template(fileobj, keywords, comment_tags, options):
	"""The ``_()`` messages of an Email Template's subject and body (e.g. the workflow emails)."""
	data = json.load(fileobj)
	if not isinstance(data, dict):
		return
	for field in ("subject", "response", "response_html"):
		where = f"{field.replace('_', ' ').title()} of the Email Template '{data.get('name')}'"
		yield from _template_messages(data.get(field), where, keywords, comment_tags, options)


def requirements(fileobj, keywords, comment_tags, options):
	"""The titles of the requirement catalogue shipped as fixtures (ISMS Requirement), which the
	Leadership Evidence report shows translated."""
	data = json.load(fileobj)
	for record in data if isinstance(data, list) else ():
		if isinstance(record, dict) and record.get("doctype") == "ISMS Requirement" and record.get("title"):
			yield None, "_", record["title"], [f"Title of the requirement '{record.get('name')}'"]


def workflow(fileobj, keywords, comment_tags, options):
	"""States and actions of a workflow installed by the app (``isms_leadership/workflows``)."""
	data = json.load(fileobj)
	if not isinstance(data, dict) or "workflow_name" not in data:
		return
	name = data["workflow_name"]
	for state in data.get("states", []):
		if state.get("state"):
			yield None, "_", state["state"], [f"State of the workflow '{name}'"]
		if state.get("message"):
			yield None, "_", state["message"], [f"Message of a state of the workflow '{name}'"]
	for transition in data.get("transitions", []):
		if transition.get("action"):
			yield None, "_", transition["action"], [f"Action of the workflow '{name}'"]
