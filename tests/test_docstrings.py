"""The examples in the library's docstrings run and give what they show (networkx-style
runnable docs: an example that no longer holds is a failing test, not a stale comment)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "kg").rglob("*.py") if ">>> " in p.read_text("utf-8"))


def test_there_are_examples_to_run():
    assert "kg.extract.combine" in MODULES and len(MODULES) >= 5


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed, f"{result.failed} example(s) failed"
