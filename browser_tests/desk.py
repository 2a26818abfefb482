"""What a user does in the Frappe desk, said once: log in, open a form, fill a field, save,
press a workflow action, read a message, take a screenshot. And a small REST client."""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import APIRequestContext, BrowserContext, ConsoleMessage, Page, Playwright, expect


def slug(doctype: str) -> str:
	return doctype.lower().replace(" ", "-")


@dataclass
class ConsoleEntry:
	user: str
	url: str
	kind: str
	text: str
	source: str = ""
	expected: bool = False


@dataclass
class ConsoleLog:
	"""Console errors and uncaught page errors of every page a test opened."""

	entries: list[ConsoleEntry] = field(default_factory=list)
	_expecting: list[re.Pattern] = field(default_factory=list)

	# Third-party noise that is not an error of this app, each with its reason. Anything else
	# (our doctype, report, page and portal scripts, or any uncaught exception) fails the test.
	IGNORED: tuple[tuple[str, str], ...] = (
		(
			r"socket\.io",
			"Frappe's realtime client reaches for the Socket.IO server, which the tests do not run",
		),
		(
			r"/favicon\.ico",
			"the print view asks the browser's default /favicon.ico, which a bench without a website "
			"favicon does not serve",
		),
	)

	def add(self, user: str, url: str, kind: str, text: str, source: str = "") -> None:
		expected = any(p.search(text) or p.search(source) for p in self._expecting)
		self.entries.append(ConsoleEntry(user, url, kind, text, source, expected))

	@contextlib.contextmanager
	def expecting(self, pattern: str):
		"""Errors matching ``pattern`` are part of the step, e.g. the HTTP 417 of a refusal."""
		compiled = re.compile(pattern)
		self._expecting.append(compiled)
		try:
			yield
		finally:
			self._expecting.remove(compiled)

	@contextlib.contextmanager
	def expecting_refusal(self, reason: str):
		"""The server refusing an action is part of the step, with what the browser logs of it:
		the HTTP 417, the traceback Frappe's request logs (it ends with ``reason``), and the
		promise that Frappe's workflow action button leaves unhandled (an uncaught "undefined")."""
		with self.expecting(rf"status of 417 \(EXPECTATION FAILED\)|{re.escape(reason)}|^undefined$"):
			yield

	def ignored(self, entry: ConsoleEntry) -> bool:
		return entry.expected or any(
			re.search(pattern, entry.text) or re.search(pattern, entry.source) for pattern, _ in self.IGNORED
		)

	def errors(self) -> list[str]:
		return [
			f"[{e.user} on {e.url}] {e.kind}: {e.text}" + (f" ({e.source})" if e.source else "")
			for e in self.entries
			if not self.ignored(e)
		]


IDLE = """() => {
	if (!window.frappe) return false;
	if (frappe.request && frappe.request.ajax_count) return false;
	// an open row form of a grid freezes the page behind it on purpose
	const grid_form = document.querySelector("#freeze.grid-form") ? 1 : 0;
	if (frappe.dom && frappe.dom.freeze_count > grid_form) return false;
	return !document.querySelector("#freeze.in:not(.grid-form)");
}"""


# Does the form (or row ``[table, idx]`` of it) hold the value typed into a field?
HOLDS = """([where, f, v]) => {
	const doc = where ? (cur_frm.doc[where[0]] || []).find((d) => d.idx === where[1]) : cur_frm.doc;
	if (!doc) return false;
	const value = doc[f];
	if (value === undefined || value === null || value === "") return false;
	if (typeof value === "number") return value === Number(v);
	return String(value) === v || String(value).includes(v);
}"""


# Have the visible charts of the page drawn their bars (frappe-charts draws an empty axis first,
# then animates the bars in with SVG <animate> elements it removes when done)?
CHARTS_DRAWN = """() => {
	const charts = [...document.querySelectorAll(".frappe-chart")].filter((c) => c.getClientRects().length);
	if (!charts.length || document.querySelector(".frappe-chart animate")) return false;
	return charts.every((c) => [...c.querySelectorAll("rect.bar, path")].some((e) => e.getBBox().height > 0));
}"""


class Desk:
	"""One user's browser: a context with its own cookies and one page."""

	def __init__(self, context: BrowserContext, user: str, console: ConsoleLog, screenshot_dir: Path):
		self.context = context
		self.user = user
		self.console = console
		self.screenshot_dir = screenshot_dir
		self.page: Page = context.new_page()
		self.page.on("console", self._on_console)
		self.page.on("pageerror", lambda error: console.add(user, self.page.url, "uncaught", str(error)))

	def _on_console(self, message: ConsoleMessage) -> None:
		if message.type != "error":
			return
		location = message.location or {}
		source = location.get("url", "") if isinstance(location, dict) else ""
		self.console.add(self.user, self.page.url, "console.error", message.text, source)

	# -- navigation -------------------------------------------------------------------------

	def login(self, user: str, password: str) -> None:
		page = self.page
		page.goto("/login")
		page.fill("#login_email", user)
		page.fill("#login_password", password)
		page.locator("form.form-login button.btn-login").first.click()
		page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
		self.settle()

	def settle(self, timeout: float = 30_000) -> None:
		"""Waits until no request of the page runs and nothing freezes the screen."""
		self.page.wait_for_load_state()
		try:
			self.page.wait_for_function(IDLE, timeout=timeout)
		except Exception as e:
			state = self.page.evaluate(
				"() => ({ajax: window.frappe && frappe.request && frappe.request.ajax_count,"
				" freeze: window.frappe && frappe.dom && frappe.dom.freeze_count,"
				" overlay: !!document.querySelector('.freeze-message-container:not(.hide), #freeze.in')})"
			)
			raise AssertionError(f"the page of {self.user} did not settle: {state}") from e

	def goto(self, path: str) -> None:
		self.page.goto(path)
		self.settle()

	def open_form(self, doctype: str, name: str) -> None:
		self.goto(f"/app/{slug(doctype)}/{name}")
		self.page.wait_for_function(
			"([dt, dn]) => window.cur_frm && cur_frm.doctype === dt && cur_frm.docname === dn"
			" && !cur_frm.doc.__unsaved",
			arg=[doctype, name],
		)
		self.settle()

	def new_form(self, doctype: str) -> None:
		self.goto(f"/app/{slug(doctype)}/new")
		self.page.wait_for_function(
			"(dt) => window.cur_frm && cur_frm.doctype === dt && cur_frm.is_new()", arg=doctype
		)
		self.settle()

	# -- the open form ----------------------------------------------------------------------

	def doc(self) -> dict[str, Any]:
		return self.page.evaluate("() => JSON.parse(JSON.stringify(cur_frm.doc))")

	def field(self, fieldname: str, parent: str = "body"):
		return self.page.locator(f"{parent} .frappe-control[data-fieldname='{fieldname}']:visible").first

	def set_field(self, fieldname: str, value: str) -> None:
		"""Types a value into a field of the open form as a user would and waits until the form holds it."""
		control = self.field(fieldname, parent=".form-layout")
		self._fill(control, value)
		self.page.wait_for_function(HOLDS, arg=[None, fieldname, value])
		self.settle()

	def pick_link(self, box, value: str) -> None:
		"""Chooses ``value`` from the suggestions of a Link field that has ``value`` typed in."""
		option = self.page.locator(
			f".awesomplete ul[role=listbox]:visible [role=option]:has(p[title={json.dumps(value)}])"
		).first
		try:
			option.wait_for(timeout=10_000)
			option.click()
		except Exception:
			box.press("Tab")

	def add_row(self, table: str, values: dict[str, str]) -> None:
		"""Adds a row to a child table of the open form with the grid's Add Row, fills it in its row form."""
		grid = self.field(table, parent=".form-layout")
		count = grid.locator(".grid-body .rows > .grid-row").count()
		grid.locator(".grid-add-row").first.click()
		grid.locator(f".grid-body .rows > .grid-row[data-idx='{count + 1}']").wait_for()
		self.set_row(table, count + 1, values)

	def set_row(self, table: str, idx: int, values: dict[str, str]) -> None:
		"""Fills fields of row ``idx`` (from 1) of a child table in the row's form, then closes it."""
		grid = self.field(table, parent=".form-layout")
		row = grid.locator(f".grid-body .rows > .grid-row[data-idx='{idx}']")
		self.page.wait_for_timeout(300)  # Add Row may open the new row's form by itself
		if "grid-row-open" not in (row.get_attribute("class") or ""):
			row.locator(".btn-open-row").first.click()
		form = row.locator(".grid-form-body").first
		form.wait_for()
		for fieldname, value in values.items():
			control = form.locator(f".frappe-control[data-fieldname='{fieldname}']").first
			self._fill(control, value)
			self.page.wait_for_function(HOLDS, arg=[[table, idx], fieldname, value])
		if "grid-row-open" in (row.get_attribute("class") or ""):
			row.locator(".grid-collapse-row").first.click()
		self.page.locator(".grid-row-open").wait_for(state="hidden")
		self.settle()

	def _fill(self, control, value: str) -> None:
		fieldtype = control.get_attribute("data-fieldtype")
		if fieldtype == "Select":
			control.locator("select").select_option(label=value)
		elif fieldtype in ("Text Editor", "Text Editor Lite"):
			# the control also keeps a read-only copy of the editor for display
			editor = control.locator(".ql-editor:not(.read-mode)")
			editor.click()
			editor.fill(value)
		elif fieldtype in ("Small Text", "Text", "Long Text", "Code"):
			control.locator("textarea").fill(value)
			control.locator("textarea").press("Tab")
		elif fieldtype == "Check":
			control.locator("input[type=checkbox]").set_checked(bool(value))
		elif fieldtype in ("Date", "Datetime"):
			# typed as the user writes dates (System Settings), the form keeps the ISO date
			box = control.locator("input").first
			box.click()
			box.fill(self.page.evaluate("(v) => frappe.datetime.str_to_user(v)", value))
			box.press("Tab")
		else:
			box = control.locator("input").first
			box.click()
			box.fill(value)
			if fieldtype in ("Link", "Dynamic Link"):
				self.pick_link(box, value)
			else:
				box.press("Tab")
		self.settle()

	def save(self) -> None:
		self.page.keyboard.press("Control+s")
		self.page.wait_for_function(
			"() => cur_frm && !cur_frm.is_new() && !cur_frm.doc.__unsaved && !cur_frm.save_disabled"
		)
		self.settle()

	def actions_group(self):
		"""The Actions menu of the page on screen (the desk keeps earlier pages hidden)."""
		return self.page.locator(".page-actions .actions-btn-group:visible").first

	def workflow_actions(self) -> list[str]:
		"""The workflow actions the open form offers this user."""
		group = self.actions_group()
		if not group.is_visible():
			return []
		group.locator("button").first.click()
		items = group.locator(".dropdown-menu .dropdown-item:visible")
		labels = [t.strip() for t in items.all_inner_texts()]
		self.page.keyboard.press("Escape")
		return labels

	def workflow(self, action: str, expect_state: str | None = None) -> None:
		"""Presses a workflow action in the form's Actions menu (Frappe v15)."""
		group = self.actions_group()
		expect(group).to_be_visible()
		group.locator("button").first.click()
		group.locator(
			".dropdown-menu .dropdown-item:visible", has_text=re.compile(f"^\\s*{re.escape(action)}\\s*$")
		).click()
		self.settle()
		if expect_state:
			self.page.wait_for_function("(s) => cur_frm.doc.workflow_state === s", arg=expect_state)
			self.settle()

	def request_workflow(self, action: str) -> None:
		"""Sends the request the Actions menu sends for ``action``, whether or not the menu offers
		it: how a user's attempt at a refused transition reaches the server. The refusal shows
		in a message dialog (see message())."""
		self.page.evaluate(
			"(action) => frappe.xcall('frappe.model.workflow.apply_workflow',"
			" {doc: cur_frm.doc, action}).catch(() => null)",
			action,
		)
		self.settle()

	def wait_for_charts(self, timeout: float = 60_000) -> None:
		"""Waits until the charts on screen have drawn, so a screenshot shows them."""
		self.page.wait_for_function(CHARTS_DRAWN, timeout=timeout)

	def message(self) -> str:
		"""The text of the open message dialog (frappe.msgprint / frappe.throw)."""
		dialog = self.page.locator(".modal.show .msgprint, .modal.show .modal-body").first
		dialog.wait_for()
		return dialog.inner_text()

	def close_message(self) -> None:
		self.page.locator(".modal.show .btn-modal-close, .modal.show button.close").first.click()
		self.page.locator(".modal.show").wait_for(state="hidden")

	def call(self, method: str, **kwargs) -> Any:
		"""Calls a whitelisted method as this user from their page (reads what they may read)."""
		return self.page.evaluate("([m, a]) => frappe.xcall(m, a)", [method, kwargs])

	def shot(self, name: str, full_page: bool = False) -> Path:
		"""Saves a screenshot of this step under a fixed name (e.g. 01-director-workspace)."""
		self.screenshot_dir.mkdir(parents=True, exist_ok=True)
		path = self.screenshot_dir / f"{name}.png"
		self.page.mouse.move(0, 0)
		self.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
		return path


class Api:
	"""A REST session on the site, for setup and clean-up outside the browser."""

	def __init__(self, request: APIRequestContext, user: str):
		self.request = request
		self.user = user

	@classmethod
	def login(cls, playwright: Playwright, base_url: str, site: str, user: str, password: str) -> Api:
		port = re.search(r":(\d+)", base_url.split("//", 1)[1])
		origin = f"http://127.0.0.1:{port.group(1) if port else 80}"
		request = playwright.request.new_context(
			base_url=origin, extra_http_headers={"X-Frappe-Site-Name": site}
		)
		response = request.post("/api/method/login", form={"usr": user, "pwd": password})
		if not response.ok:
			raise AssertionError(
				f"{user} cannot log in through REST: {response.status} {response.text()[:300]}"
			)
		return cls(request, user)

	def close(self) -> None:
		self.request.dispose()

	def _result(self, response) -> Any:
		if not response.ok:
			raise AssertionError(f"{response.url} as {self.user}: {response.status} {response.text()[:2000]}")
		body = response.json()
		return body.get("message", body.get("data"))

	def call(self, method: str, **kwargs) -> Any:
		form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in kwargs.items()}
		return self._result(self.request.post(f"/api/method/{method}", form=form))

	def get(self, method: str, **kwargs) -> Any:
		params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in kwargs.items()}
		return self._result(self.request.get(f"/api/method/{method}", params=params))

	def get_doc(self, doctype: str, name: str) -> dict:
		return self._result(self.request.get(f"/api/resource/{doctype}/{name}"))

	def get_list(
		self, doctype: str, filters=None, fields=None, limit: int = 100, order_by: str | None = None
	) -> list:
		params = {
			"filters": json.dumps(filters or {}),
			"fields": json.dumps(fields or ["name"]),
			"limit_page_length": str(limit),
		}
		if order_by:
			params["order_by"] = order_by
		return self._result(self.request.get(f"/api/resource/{doctype}", params=params))

	def site_today(self) -> datetime.date:
		"""Today in the site's time zone (System Settings), which the app's dates follow: a
		machine on UTC is a day ahead of a site in America at night."""
		zone = self.get_doc("System Settings", "System Settings").get("time_zone") or "UTC"
		return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()

	def value(self, doctype: str, filters, fieldname: str) -> Any:
		rows = self.get_list(doctype, filters, [fieldname], limit=1)
		return rows[0][fieldname] if rows else None

	def update(self, doctype: str, name: str, values: dict) -> dict:
		return self._result(self.request.put(f"/api/resource/{doctype}/{name}", data=json.dumps(values)))

	def desk_roles(self, user: str) -> set[str]:
		return {row["role"] for row in self.get_doc("User", user)["roles"]}

	def add_desk_role(self, user: str, role: str) -> None:
		roles = [{"role": r} for r in sorted(self.desk_roles(user) | {role})]
		self.update("User", user, {"roles": roles})

	def remove_desk_role(self, user: str, role: str) -> None:
		roles = [{"role": r} for r in sorted(self.desk_roles(user) - {role})]
		self.update("User", user, {"roles": roles})

	def apply_workflow(self, doctype: str, name: str, action: str) -> dict:
		doc = self.get_doc(doctype, name)
		return self.call("frappe.model.workflow.apply_workflow", doc=doc, action=action)
