"""Install, migrate and uninstall steps of isms_leadership."""

import frappe
from frappe.permissions import add_permission, update_permission_property

from isms_leadership.core.catalogue import DEFAULT_ROLES
from isms_leadership.workflows import remove_default_workflows, sync_default_workflows


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


def after_migrate():
	sync_default_workflows()


def before_uninstall():
	remove_default_workflows()


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
		if frappe.db.exists(perm, {"parent": "Account", "role": "ISMS Manager", "permlevel": 0}):
			return
	add_permission("Account", "ISMS Manager", 0, ptype="select")
	# a new rule reads by default: select only
	update_permission_property("Account", "ISMS Manager", 0, "read", 0)
