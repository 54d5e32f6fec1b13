"""Accounts is the bottom of the stack: orders and businesses build on it, never the reverse
(they reach accounts through `signals.user_signed_in` and `graphql.types.user_type_extend`)."""

import ast
from pathlib import Path

import marketplace.accounts

FORBIDDEN = ("orders", "catalog", "search", "marketplace.businesses")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_accounts_imports_no_app_that_builds_on_it():
    package = Path(marketplace.accounts.__file__).parent
    offenders = {
        f"{path.relative_to(package)}: {name}"
        for path in package.rglob("*.py")
        for name in imported_modules(path)
        if any(name == app or name.startswith(app + ".") for app in FORBIDDEN)
    }

    assert offenders == set()
