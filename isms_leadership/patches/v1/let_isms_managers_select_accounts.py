"""Sites installed before: the ISMS Manager may select the accounts of the budget's lines."""

from isms_leadership.install import let_isms_managers_select_accounts


def execute():
	let_isms_managers_select_accounts()
