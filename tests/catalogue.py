"""The catalogue of requirements the app ships (its fixture), read as the core reads it."""

import json
from pathlib import Path

from isms_leadership.core.frameworks import requirement_from

FIXTURE = Path(__file__).resolve().parent.parent / "isms_leadership" / "fixtures" / "isms_requirement.json"
ROWS = json.loads(FIXTURE.read_text(encoding="utf-8"))
CATALOGUE = [requirement_from(row) for row in ROWS]
