"""Fallback for tools that still call setup.py.

The build backend is flit_core (see pyproject.toml); pip uses it for both normal and
editable installs. This file lets setuptools-based tooling install the same package.
"""

import re
from pathlib import Path

from setuptools import find_packages, setup

here = Path(__file__).parent
version = re.search(
	r'^__version__\s*=\s*"([^"]+)"', (here / "isms_leadership" / "__init__.py").read_text(), re.M
).group(1)

setup(
	name="isms_leadership",
	version=version,
	description="ISO/IEC 27001 leadership (clauses 5, 7.1, 9.3, 10.1) as records in Frappe and ERPNext",
	packages=find_packages(include=["isms_leadership", "isms_leadership.*"]),
	include_package_data=True,
	zip_safe=False,
	python_requires=">=3.10",
)
