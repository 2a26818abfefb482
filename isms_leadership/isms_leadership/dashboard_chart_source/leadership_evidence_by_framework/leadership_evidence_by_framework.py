# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""The chart source's data is isms_leadership.api.frameworks.scores_by_framework (see the .js)."""
