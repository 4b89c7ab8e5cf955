"""Every docstring example of the installed package runs and gives what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import trustlab

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(trustlab.__path__, prefix="trustlab.")
    if name != "trustlab.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_public_api_is_explicit():
    for name in trustlab.__all__:
        assert getattr(trustlab, name) is not None
    for name in MODULES:
        assert hasattr(importlib.import_module(name), "__all__"), f"{name} has no __all__"
