import pytest

from isms_leadership.core.links import safe_attachment_url


@pytest.mark.parametrize(
	"url",
	[
		None,
		"",
		"/files/minutes.pdf",
		"/private/files/pack.zip",
		"https://example.com/x.pdf",
		"HTTP://example.com",
	],
)
def test_files_of_the_site_and_web_addresses(url):
	assert safe_attachment_url(url)


@pytest.mark.parametrize(
	"url",
	[
		"javascript:alert(1)",
		" JavaScript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox",
		"//evil.example/x",
		"files/relative.pdf",
		'/files/a.pdf" onmouseover="alert(1)',
	],
)
def test_anything_else_is_refused(url):
	assert not safe_attachment_url(url)
