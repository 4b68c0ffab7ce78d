"""Fixtures for every test."""

from __future__ import annotations

import pytest

from khcn_docs import i18n


@pytest.fixture(autouse=True)
def language_unset():
    """Start every test with no language chosen in the process (``i18n._current`` empty: the
    environment's or Vietnamese), and put back what was there: a command run with ``--lang en``
    sets the language for the rest of the process, and a later test must not inherit it."""
    saved = list(i18n._current)
    i18n._current.clear()
    yield
    i18n._current[:] = saved
