"""Whitelisted methods that belong to no single doctype."""
