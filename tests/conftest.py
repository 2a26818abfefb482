import sys
from pathlib import Path

# Import isms_leadership.core from the checkout without installing the app or Frappe.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
