"""A REST client of a Frappe site, as an attacker would use it: any field, any door."""

from __future__ import annotations

import datetime
import json
import subprocess
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

DEMO_COMPANY = "ISMS Demo Ltd"
DEMO_DOMAIN = "isms-demo.example"
PASSWORD = "Attack-Test-Passw0rd!"


def demo(key: str) -> str:
	"""The login of a demo person: ``director`` -> ``director@isms-demo.example``."""
	return f"{key}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class Site:
	base_url: str
	name: str
	bench: str

	@property
	def origin(self) -> str:
		port = urlsplit(self.base_url).port or 80
		return f"http://127.0.0.1:{port}"

	def execute(self, method: str, *args) -> None:
		"""Run a Python function on the site outside any request (``bench execute``), the way
		a script or a database console changes data without the app's events."""
		subprocess.run(
			[
				f"{self.bench}/env/bin/python",
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				self.name,
				"execute",
				method,
				"--args",
				repr(list(args)),
			],
			cwd=f"{self.bench}/sites",
			check=True,
			capture_output=True,
			timeout=120,
		)


class Refused(AssertionError):
	pass


class Client:
	"""A logged-in session. Methods named after a door return the raw response; ``ok``
	unwraps a successful one and ``refused`` asserts the server said no."""

	def __init__(self, site: Site, user: str):
		self.site = site
		self.user = user
		self.http = requests.Session()
		self.http.headers["X-Frappe-Site-Name"] = site.name
		self.http.headers["Accept"] = "application/json"

	@classmethod
	def login(cls, site: Site, user: str, password: str) -> Client:
		client = cls(site, user)
		response = client.http.post(f"{site.origin}/api/method/login", data={"usr": user, "pwd": password})
		if not response.ok:
			raise AssertionError(f"{user} cannot log in: {response.status_code} {response.text[:300]}")
		return client

	def close(self) -> None:
		self.http.close()

	# doors --------------------------------------------------------------------------------

	def put(self, doctype: str, name: str, values: dict) -> requests.Response:
		return self.http.put(f"{self.site.origin}/api/resource/{doctype}/{name}", data=json.dumps(values))

	def post(self, doctype: str, values: dict) -> requests.Response:
		return self.http.post(f"{self.site.origin}/api/resource/{doctype}", data=json.dumps(values))

	def method(self, path: str, /, **kwargs) -> requests.Response:
		form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in kwargs.items()}
		return self.http.post(f"{self.site.origin}/api/method/{path}", data=form)

	def workflow(self, doctype: str, name: str, action: str) -> requests.Response:
		doc = self.get_doc(doctype, name)
		return self.method("frappe.model.workflow.apply_workflow", doc=doc, action=action)

	# reading ------------------------------------------------------------------------------

	def get_doc(self, doctype: str, name: str) -> dict:
		return self.ok(self.http.get(f"{self.site.origin}/api/resource/{doctype}/{name}"))

	def get_list(self, doctype: str, filters=None, fields=None, limit: int = 100) -> list:
		params = {
			"filters": json.dumps(filters or {}),
			"fields": json.dumps(fields or ["name"]),
			"limit_page_length": str(limit),
		}
		return self.ok(self.http.get(f"{self.site.origin}/api/resource/{doctype}", params=params))

	def roles(self, user: str) -> set[str]:
		return {row["role"] for row in self.get_doc("User", user)["roles"]}

	# outcomes -----------------------------------------------------------------------------

	def ok(self, response: requests.Response) -> Any:
		if not response.ok:
			raise AssertionError(
				f"{response.request.method} {response.url} as {self.user}: "
				f"{response.status_code} {response.text[:2000]}"
			)
		body = response.json()
		return body.get("message", body.get("data"))

	@staticmethod
	def refused(response: requests.Response, exc_type: str | None = None, says: str | None = None) -> str:
		"""Assert the server refused the request (with ``exc_type`` and a message containing
		``says``, when given); returns the server's message."""
		if response.ok:
			raise Refused(f"accepted: {response.request.method} {response.url}: {response.text[:1000]}")
		# a door that does not exist refuses everybody: that proves nothing about the rule
		if any(s in response.text for s in ("ModuleNotFoundError", "has no attribute", "No module named")):
			raise Refused(f"no such method: {response.request.method} {response.url}: {response.text[:300]}")
		try:
			body = response.json()
		except ValueError:
			body = {}
		message = " ".join(
			json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages") or "[]")
		) or body.get("exception", "")
		if exc_type:
			assert body.get("exc_type") == exc_type, (
				f"expected {exc_type}, got {response.status_code} {body.get('exc_type')}: {message}"
			)
		if says:
			assert says in message, f"expected {says!r} in {message!r}"
		return message


# records a test makes for itself ------------------------------------------------------------


#: the Employees the tests made; they leave the company when the session ends
PEOPLE_MADE: list[str] = []


def make_person(admin: Client, key: str, roles=(), company: str = DEMO_COMPANY) -> tuple[str, str]:
	"""A new user with ``roles`` and an Active Employee of ``company`` pointing at it.
	Returns (user, employee); the employee leaves at the end of the session (see conftest)."""
	user = f"{key}@attack.{DEMO_DOMAIN}"
	admin.ok(
		admin.post(
			"User",
			{
				"email": user,
				"first_name": key.split("-")[0].title(),
				"last_name": key,
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": r} for r in roles],
				# an image of its own: Frappe would otherwise queue a Gravatar look-up per user,
				# which waits on a network this bench does not reach and delays the other jobs
				"user_image": "/assets/frappe/images/default-avatar.png",
			},
		)
	)
	employee = admin.ok(
		admin.post(
			"Employee",
			{
				"first_name": key.split("-")[0].title(),
				"last_name": key,
				"company": company,
				"user_id": user,
				"gender": "Female",
				"date_of_birth": "1980-04-01",
				"date_of_joining": "2015-01-01",
				"status": "Active",
			},
		)
	)["name"]
	PEOPLE_MADE.append(employee)
	return user, employee


def appoint(admin: Client, approver: Client, employee: str, isms_role: str, **values) -> dict:
	"""An appointment prepared by the Administrator and approved by ``approver``."""
	doc = admin.ok(
		admin.post(
			"Role Assignment",
			{
				"employee": employee,
				"company": DEMO_COMPANY,
				"isms_role": isms_role,
				"from_date": values.pop("from_date", None) or today(),
				**values,
			},
		)
	)
	admin.ok(admin.workflow("Role Assignment", doc["name"], "Submit for Approval"))
	if approver is not None:
		approver.ok(approver.workflow("Role Assignment", doc["name"], "Approve"))
	return admin.get_doc("Role Assignment", doc["name"])


#: the site's time zone (System Settings), set by the session fixture: the server's "today"
#: is the one that counts
SITE_TIME_ZONE: list[str] = []


def today(days: int = 0) -> str:
	"""The site's date today (plus ``days``), as the server sees it."""
	zone = ZoneInfo(SITE_TIME_ZONE[0]) if SITE_TIME_ZONE else None
	return (datetime.datetime.now(zone).date() + datetime.timedelta(days=days)).isoformat()
