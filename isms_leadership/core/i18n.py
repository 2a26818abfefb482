"""Marking of user-facing messages in the pure core.

The core cannot import frappe, so it marks its messages with this identity function.
Frappe's string extractor picks up ``_("...")`` calls in every module of the app, and
the Frappe side translates the template with ``frappe._`` before formatting it.
"""


def _(message: str) -> str:
	return message
