"""Every data-foundation test runs with its STI_* settings isolated (see ``isolated_settings``
in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolate_settings(isolated_settings: None) -> None:
    """Applies tests/conftest.py's ``isolated_settings`` to every test in this folder."""
