"""Which links a user may store in an attachment field."""

from __future__ import annotations

#: a file of the site, or a web address
SAFE_PREFIXES = ("/files/", "/private/files/", "http://", "https://")


def safe_attachment_url(url: str | None) -> bool:
	"""An attachment is a file of the site or an http(s) address; never ``javascript:``,
	``data:`` or any other scheme a browser would run or render when it is opened."""
	if not url:
		return True
	value = url.strip()
	return value.lower().startswith(SAFE_PREFIXES) and not any(c in value for c in '\n\r\t<>"')
