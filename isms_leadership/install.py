"""Install, migrate and uninstall steps of isms_leadership.

Uninstalling (``bench --site SITE uninstall-app isms_leadership``): Frappe's ``remove_app``
runs ``before_uninstall`` below, then deletes the app's modules with their doctypes (dropping
their tables) and everything linked to the modules (workspace, reports, print format,
notifications, number cards, dashboard charts). ``before_uninstall`` takes out, before that,
what Frappe would leave behind:

- the app's default workflows on its doctypes;
- the app's Scheduled Job Types and their logs (Frappe drops them only at the next migrate;
  until then the scheduler would run them daily and fail, the app being gone);
- the app's portal menu item ``/policies`` in Portal Settings (a dead link until the next
  migrate otherwise);
- the Select permission of the ISMS Manager on ERPNext's Account that the install added
  (that one Custom DocPerm row, nothing else of Account);
- the records the app wrote outside its modules: the workspace block "ISMS Decisions
  Waiting" and the e-mail template of its workflows;
- the app's index on GL Entry (``integrations.budget.GL_INDEX``).

What stays: the desk roles ISMS Manager, ISMS Top Management and ISMS Auditor (users keep
them), the values of ISMS Settings (a new install finds them), the Workflow States and
Workflow Action Masters (shared with other workflows), and the copies of Account's standard
permissions that Frappe made as Custom DocPerm when the ISMS Manager's row was added.
"""

import frappe
from frappe.permissions import add_permission, rights, update_permission_property

from isms_leadership.core.catalogue import DEFAULT_ROLES
from isms_leadership.integrations.budget import drop_gl_index, ensure_gl_index
from isms_leadership.queries.budget import KEPT_SPENDING
from isms_leadership.workflows import EMAIL_TEMPLATES_DIR, remove_default_workflows, sync_default_workflows
from isms_leadership.workspace_blocks import BLOCKS, ensure_blocks

APP = "isms_leadership"
# the rule let_isms_managers_select_accounts adds, and before_uninstall takes out
ACCOUNT_SELECTION = {"parent": "Account", "role": "ISMS Manager", "permlevel": 0}


def before_install():
	"""Let Frappe see this app's modules before it syncs them.

	``frappe.init()`` loads the module map into ``frappe.local.app_modules`` from the cache
	(``app_modules``), which any bench command or scheduler tick before ``bench get-app``
	filled without this app. ``install_app`` clears the cache but not ``frappe.local``, so
	it would sync none of the app's doctypes, mark the app installed, and fail in
	``after_sync`` on ISMS Settings. Rebuilding the map here (it runs before the sync) makes
	the first ``install-app`` work on a site with a warm cache."""
	frappe.cache.delete_value("app_modules")
	frappe.setup_module_map()


def after_sync():
	"""Runs once when the app is installed on a site (after fixtures are synced)."""
	ensure_settings()
	install_role_catalogue()
	sync_default_workflows()
	let_isms_managers_select_accounts()
	ensure_gl_index()
	ensure_blocks()


def after_migrate():
	sync_default_workflows()
	ensure_blocks()


def before_uninstall():
	"""Take out what Frappe's ``remove_app`` would leave of the app (see the module docstring):
	its workflows, Scheduled Job Types, portal menu item and its permission on Account; and
	the spending it kept in the cache."""
	remove_default_workflows()
	remove_scheduled_jobs()
	remove_portal_menu_items()
	remove_account_selection()
	remove_own_records()
	drop_gl_index()
	frappe.cache.delete_value(KEPT_SPENDING)


def remove_own_records():
	"""Delete the records the app wrote that no module holds: its workspace blocks and the
	e-mail templates of its workflows (removed above)."""
	templates = [frappe.parse_json(path.read_text())["name"] for path in EMAIL_TEMPLATES_DIR.glob("*.json")]
	for doctype, names in (("Custom HTML Block", list(BLOCKS)), ("Email Template", templates)):
		for name in names:
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)


def remove_scheduled_jobs():
	"""Delete the app's Scheduled Job Types (their logs go with them)."""
	jobs = frappe.get_all(
		"Scheduled Job Type", filters={"method": ["like", f"{APP}.%"]}, fields=["name", "method"]
	)
	for job in jobs:
		# LIKE reads the "_" of the app's name as any character: keep only the app's methods
		if job.method.startswith(f"{APP}."):
			frappe.delete_doc("Scheduled Job Type", job.name, ignore_permissions=True, force=True)


def remove_portal_menu_items():
	"""Remove the app's routes (``standard_portal_menu_items``) from the portal menu."""
	routes = {item["route"] for item in frappe.get_hooks("standard_portal_menu_items", app_name=APP)}
	settings = frappe.get_single("Portal Settings")
	rows = [row for row in settings.menu + settings.custom_menu if row.route in routes]
	for row in rows:
		settings.remove(row)
	if rows:
		# the uninstaller runs as Administrator; Portal Settings are a System Manager's
		settings.save(ignore_permissions=True)


def remove_account_selection():
	"""Delete the ISMS Manager's rule on Account added by let_isms_managers_select_accounts;
	Account's other rules stay as they are, unless they are only the copies of its standard
	rules that Frappe made when the rule was added: then Account goes back to its standard
	rules (nothing the site changed is lost)."""
	if frappe.db.exists("Custom DocPerm", ACCOUNT_SELECTION):
		frappe.db.delete("Custom DocPerm", ACCOUNT_SELECTION)
		if rules_of("Custom DocPerm") == rules_of("DocPerm"):
			frappe.db.delete("Custom DocPerm", {"parent": "Account"})
		frappe.clear_cache(doctype="Account")


def rules_of(perm_doctype: str) -> list[tuple]:
	"""Account's rules in ``perm_doctype`` (DocPerm: ERPNext's; Custom DocPerm: the site's),
	comparable: role, level, only-if-owner and every right."""
	rows = frappe.get_all(
		perm_doctype, filters={"parent": "Account"}, fields=["role", "permlevel", "if_owner", *rights]
	)
	return sorted(
		(row.role, int(row.permlevel or 0), int(row.if_owner or 0), *(int(row.get(r) or 0) for r in rights))
		for row in rows
	)


def ensure_settings():
	"""Store ISMS Settings with their defaults, and the site's default company if any."""
	settings = frappe.get_single("ISMS Settings")
	if not settings.default_company:
		settings.default_company = frappe.defaults.get_global_default("company")
	# System-owned record written by the installer, which runs as Administrator.
	settings.save(ignore_permissions=True)


def install_role_catalogue():
	"""Create the default ISMS roles that do not exist yet. Existing roles are never changed."""
	created = []
	for spec in DEFAULT_ROLES:
		if frappe.db.exists("ISMS Role", spec["role_name"]):
			continue
		role = frappe.new_doc("ISMS Role")
		role.update({key: value for key, value in spec.items() if key != "conflicting_roles"})
		# Installer data of the app itself; conflicts are added below once all roles exist.
		role.insert(ignore_permissions=True)
		created.append(role.name)

	for spec in DEFAULT_ROLES:
		if spec["role_name"] not in created:
			continue
		role = frappe.get_doc("ISMS Role", spec["role_name"])
		known = {row.isms_role for row in role.conflicting_roles}
		for other in spec.get("conflicting_roles", []):
			if other not in known and frappe.db.exists("ISMS Role", other):
				role.append("conflicting_roles", {"isms_role": other})
		if len(role.conflicting_roles) != len(known):
			role.save(ignore_permissions=True)
	return created


def let_isms_managers_select_accounts():
	"""The ISMS Manager picks the expense account of each line of the security budget, which
	takes the Select permission on ERPNext's Account (not Read: the ledger stays closed).
	Added once, as a System Manager would in Role Permissions; a site that changes it later
	keeps its change."""
	for perm in ("DocPerm", "Custom DocPerm"):
		if frappe.db.exists(perm, ACCOUNT_SELECTION):
			return
	add_permission("Account", "ISMS Manager", 0, ptype="select")
	# a new rule reads by default: select only
	update_permission_property("Account", "ISMS Manager", 0, "read", 0)
