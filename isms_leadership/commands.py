"""Bench commands of the app (bench finds the ``commands`` list of ``<app>.commands``)."""

import time

import click

import frappe
from frappe.commands import pass_context
from frappe.exceptions import SiteNotSpecifiedError


@click.command("isms-demo")
@click.option(
	"--password",
	default="isms-demo",
	show_default=True,
	help="Password of every demo user (director@isms-demo.example, ism@…, employee@…, …).",
)
@pass_context
def isms_demo(context, password: str):
	"""Load the demo company ISMS Demo Ltd: sixty employees with users, their ISMS roles,
	policies with acknowledgements, the security budget in ERPNext, journal entries and two
	management reviews. Makes only what is missing: a second run changes nothing."""
	# imported when the command runs, not at module top: bench imports every app's commands
	# module for each of its commands, and the demo imports ERPNext and the whole app
	from isms_leadership.demo import load

	if not context.sites:
		raise SiteNotSpecifiedError
	for site in context.sites:
		started = time.monotonic()
		frappe.init(site=site)
		frappe.connect()
		try:
			load(password=password, log=click.echo)
			frappe.db.commit()
		finally:
			frappe.destroy()
		click.echo(f"Done on {site} in {time.monotonic() - started:.0f} s.")


commands = [isms_demo]
