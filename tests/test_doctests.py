"""The examples in the project's docstrings run: a docstring example that went stale is a defect."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("i18n", "charts", "indicators", "data_access", "reports", "sample_data", "ui")
SKIPPED = ("data_access.migrations",)  # alembic's env.py migrates when imported


def modules_with_examples() -> list[str]:
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in [package_name] + [m.name for m in pkgutil.walk_packages(package.__path__, f"{package_name}.")]:
            if module.startswith(SKIPPED):
                continue
            tests = doctest.DocTestFinder().find(importlib.import_module(module))
            if any(not example.options.get(doctest.SKIP) for test in tests for example in test.examples):
                names.append(module)
    return names


@pytest.mark.parametrize("module", modules_with_examples())
def test_docstring_examples(module: str) -> None:
    failures, attempted = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS, report=True)
    assert attempted and not failures
