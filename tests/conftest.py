"""Fixtures for every test."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from khcn_docs import i18n


@contextmanager
def no_language_chosen():
    """Clear the language chosen in the process (``i18n._current``: the environment's or Vietnamese
    then) for the block, and put back what was there."""
    saved = list(i18n._current)
    i18n._current.clear()
    try:
        yield
    finally:
        i18n._current[:] = saved


@pytest.fixture(autouse=True)
def language_unset():
    """Start every test with no language chosen (``no_language_chosen``): a command run with
    ``--lang en`` sets the language for the rest of the process, and a later test must not inherit it."""
    with no_language_chosen():
        yield
