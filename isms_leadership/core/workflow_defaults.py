"""What to do with one default workflow at install and migrate time.

A default workflow is installed when absent, upgraded when the app ships a new
definition and nobody has changed the installed one, and left alone once somebody has
changed it. Whether it was changed is told by comparing fingerprints: the fingerprint of
the workflow as it is now, and the one recorded when the app last wrote it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from enum import Enum

WORKFLOW_KEYS = (
	"document_type",
	"is_active",
	"override_status",
	"send_email_alert",
	"workflow_state_field",
)
STATE_KEYS = ("state", "doc_status", "update_field", "update_value", "allow_edit", "message", "send_email")
TRANSITION_KEYS = ("state", "action", "next_state", "allowed", "allow_self_approval", "condition")
#: keys added to the definitions later: counted only when set, so that a workflow written
#: before they existed keeps the fingerprint recorded for it
LATER_STATE_KEYS = ("next_action_email_template",)


class Plan(str, Enum):
	INSTALL = "install"  # absent: create it
	UPGRADE = "upgrade"  # untouched since the app wrote it, and the app ships a new definition
	KEEP = "keep"  # untouched, and the app ships the same definition as last time
	LEAVE = "leave"  # changed by somebody: never overwritten (only an explicit restore does)


def _value(value):
	"""Normalise values so that what the database returns equals what a definition says."""
	if value is None:
		return ""
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, float) and value.is_integer():
		return int(value)
	if isinstance(value, str):
		stripped = value.strip()
		if stripped.lstrip("-").isdigit():
			return int(stripped)
		return stripped
	return value


def _pick(row: Mapping, keys, later=()) -> dict:
	picked = {key: _value(row.get(key)) for key in keys}
	picked.update({key: _value(row.get(key)) for key in later if _value(row.get(key)) != ""})
	return picked


def fingerprint(workflow: Mapping) -> str:
	"""A stable hash of what a workflow does: its fields, states and transitions, in order."""
	canonical = {
		**_pick(workflow, WORKFLOW_KEYS),
		"workflow_state_field": _value(workflow.get("workflow_state_field")) or "workflow_state",
		"states": [_pick(row, STATE_KEYS, LATER_STATE_KEYS) for row in workflow.get("states") or []],
		"transitions": [_pick(row, TRANSITION_KEYS) for row in workflow.get("transitions") or []],
	}
	return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str).encode()).hexdigest()


def plan(
	shipped: str, current: str | None, recorded_definition: str | None, recorded_installed: str | None
) -> Plan:
	"""Decide for one workflow.

	shipped: fingerprint of the definition the app ships now;
	current: fingerprint of the workflow on the site, None when it is absent;
	recorded_definition: fingerprint of the definition the app last wrote, None when never;
	recorded_installed: fingerprint of the workflow as it stood right after that write.
	The two recorded values differ when Frappe fills in defaults the definition left out.
	"""
	if current is None:
		return Plan.INSTALL
	if recorded_installed is None or current != recorded_installed:
		# somebody changed it after the app wrote it, or the app never wrote it
		return Plan.LEAVE
	if recorded_definition == shipped:
		return Plan.KEEP
	return Plan.UPGRADE
