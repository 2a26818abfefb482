"""The translations in isms_leadership/locale, read without Frappe or Babel.

Every .po file next to main.pot (de and es at least) must translate every message of the POT,
keep its placeholders, HTML tags and %-formats, and hold nothing the POT no longer has. The
POT must hold what the code marks for translation: the Python ``_("...")`` calls, DocType
names and labels, the workflows' states and actions and the print formats' ``_("...")``
texts are looked for here; the integration test isms_leadership/tests/test_translations.py
regenerates the whole POT with Frappe's extractor and compares. After changing texts, run
scripts/update-translations and translate what it reports.
"""

import ast
import json
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "isms_leadership"
LOCALE = APP / "locale"
POT = LOCALE / "main.pot"
REQUIRED_LANGUAGES = {"de", "es"}
FIX = "run scripts/update-translations and translate what it reports"

PLACEHOLDER = re.compile(r"\{[0-9]*(?:![rsa])?(?::[^{}]*)?\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
PRINTF = re.compile(r"%(?:\([A-Za-z_]+\))?[-+#0]*[0-9]*(?:\.[0-9]+)?[sdifeEgGxXr]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


# a tiny reader of gettext catalogues --------------------------------------------------------


def unquote(text: str) -> str:
	"""The value of one quoted line of a .po file, C escapes resolved."""
	if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
		raise ValueError(f"not a quoted string: {text!r}")
	return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_catalog(path: Path) -> dict:
	"""{(msgctxt, msgid): {"strings": [msgstr, ...], "fuzzy": bool}} of a .po or .pot file;
	the header is kept under (None, ""), obsolete (#~) entries are left out."""
	entries = {}
	entry, field = None, None

	def finish():
		if entry is not None and "msgid" in entry:
			key = (entry.get("msgctxt"), entry["msgid"])
			strings = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))]
			entries[key] = {"strings": strings, "fuzzy": entry["fuzzy"]}

	for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
		line = raw.strip()
		if not line or line.startswith("#~"):
			continue
		if line.startswith("#"):
			if entry is not None and "msgid" in entry:
				finish()
				entry = None
			if entry is None:
				entry = {"fuzzy": False}
			if line.startswith("#,"):
				entry["fuzzy"] = entry["fuzzy"] or "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
			continue
		match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
		try:
			if match:
				keyword, value = match.groups()
				if keyword in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
					finish()
					entry = None
				if entry is None:
					entry = {"fuzzy": False}
				field = keyword
				entry[field] = unquote(value)
			elif line.startswith('"') and entry is not None and field:
				entry[field] += unquote(line)
			else:
				raise ValueError(f"unexpected line {line!r}")
		except ValueError as e:
			raise AssertionError(f"{path.name}:{number}: {e}") from None
	finish()
	return entries


def header(catalog: dict) -> dict:
	text = catalog[(None, "")]["strings"][0]
	return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def messages(catalog: dict) -> dict:
	return {key: value for key, value in catalog.items() if key[1]}


@pytest.fixture(scope="module")
def pot():
	assert POT.exists(), f"{POT} is missing: {FIX}"
	return messages(read_catalog(POT))


def po_files():
	return sorted(LOCALE.glob("*.po"))


def label(key) -> str:
	context, msgid = key
	return f"{msgid!r}" + (f" (context {context!r})" if context else "")


# the catalogues ---------------------------------------------------------------------------


def test_the_pot_is_not_empty(pot):
	assert len(pot) > 300, f"main.pot holds only {len(pot)} messages"


def test_german_and_spanish_are_there():
	assert REQUIRED_LANGUAGES <= {path.stem for path in po_files()}


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_the_header_names_the_language(path):
	catalog = read_catalog(path)
	fields = header(catalog)
	assert fields.get("Language") == path.stem
	assert "charset=utf-8" in fields.get("Content-Type", "").lower().replace(" ", "")
	assert re.match(r"nplurals=\d+; plural=", fields.get("Plural-Forms", ""))
	assert not catalog[(None, "")]["fuzzy"], f"{path.name}: the header is marked fuzzy"


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_every_message_is_translated(path, pot):
	catalog = messages(read_catalog(path))
	missing = [label(key) for key in pot if key not in catalog]
	assert not missing, f"{path.name} lacks {len(missing)} messages of main.pot ({FIX}): {missing[:20]}"
	untranslated = [
		label(key)
		for key in pot
		if not all(s.strip() for s in catalog[key]["strings"]) or catalog[key]["fuzzy"]
	]
	assert not untranslated, f"{path.name}: {len(untranslated)} untranslated or fuzzy: {untranslated[:20]}"


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_no_message_the_pot_no_longer_has(path, pot):
	stale = [label(key) for key in messages(read_catalog(path)) if key not in pot]
	assert not stale, f"{path.name} holds {len(stale)} messages main.pot has not ({FIX}): {stale[:20]}"


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_translations_keep_placeholders_tags_and_formats(path, pot):
	wrong = []
	for key, entry in messages(read_catalog(path)).items():
		msgid = key[1]
		for msgstr in entry["strings"]:
			if not msgstr:
				continue
			for what, pattern in (
				("placeholders", PLACEHOLDER),
				("HTML tags", HTML_TAG),
				("formats", PRINTF),
			):
				if sorted(pattern.findall(msgid)) != sorted(pattern.findall(msgstr)):
					wrong.append(f"{what}: {msgid!r} -> {msgstr!r}")
			for end, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
				if (strip(msgid) != msgid) != (strip(msgstr) != msgstr):
					wrong.append(f"{end} space: {msgid!r} -> {msgstr!r}")
	assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_the_checks_see_a_dropped_placeholder_and_tag():
	"""The patterns above catch what they are meant to catch."""
	assert sorted(PLACEHOLDER.findall("{0} of {1}")) != sorted(PLACEHOLDER.findall("{0} von"))
	assert HTML_TAG.findall('<span class="h4"><b>x</b></span>') == [
		'<span class="h4">',
		"<b>",
		"</b>",
		"</span>",
	]
	assert PRINTF.findall("50% of %s and %(name)d") == ["%s", "%(name)d"]
	assert PRINTF.findall("el 50 % de los empleados") == []


# the POT against the code (the part that needs no Frappe) ---------------------------------


def source_files(pattern: str):
	for path in sorted(APP.rglob(pattern)):
		if not any(part.startswith((".", "_")) for part in path.relative_to(APP).parts[:-1]):
			yield path


def python_messages():
	"""Literal one-argument ``_("...")`` calls of the app's Python modules."""
	for path in source_files("*.py"):
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id == "_"
				and len(node.args) == 1
				and not node.keywords
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
				and node.args[0].value
			):
				yield path, node.args[0].value


def json_messages():
	"""DocType names and field labels, workflow states and actions, the texts of print formats,
	notifications and email templates."""
	template_call = re.compile(r"""_\(\s*"((?:[^"\\]|\\.)+)"\s*\)|_\(\s*'((?:[^'\\]|\\.)+)'\s*\)""")
	for path in source_files("*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		if not isinstance(data, dict):
			continue
		if data.get("doctype") == "DocType":
			yield path, data["name"]
			yield from ((path, f["label"]) for f in data.get("fields", []) if f.get("label"))
		elif path.parent.name == "workflows" and "workflow_name" in data:
			yield from ((path, s["state"]) for s in data.get("states", []))
			yield from ((path, t["action"]) for t in data.get("transitions", []))
		else:
			if data.get("doctype") == "Print Format":
				templates = [data.get("html")]
			elif data.get("doctype") == "Notification" or path.parent.name == "email_templates":
				templates = [data.get(f) for f in ("subject", "message", "response", "response_html")]
			else:
				continue
			for match in template_call.finditer("".join(t or "" for t in templates)):
				yield path, unquote('"' + (match.group(1) or match.group(2)) + '"')


def test_the_pot_holds_what_the_code_marks(pot):
	msgids = {msgid for _context, msgid in pot}
	found = [*python_messages(), *json_messages()]
	assert len(found) > 300, "the scan of the code found almost nothing: is the app where it was?"
	missing = sorted({f"{msgid!r} ({path.relative_to(APP)})" for path, msgid in found if msgid not in msgids})
	assert not missing, f"main.pot is stale ({FIX}); not in it: {missing[:20]}"


def test_print_formats_follow_the_readers_language():
	"""A print format that names a print language starts the desk's preview in it, whatever
	the reader's language: the app's name none."""
	formats = sorted((APP / "isms_leadership" / "print_format").glob("*/*.json"))
	assert len(formats) >= 5
	for path in formats:
		assert not json.loads(path.read_text(encoding="utf-8")).get("default_print_language"), path.name
