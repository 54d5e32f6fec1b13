"""Apps depend on each other in one direction only, bottom → top:

    marketplace core (errors, auth, text, dates, validation, graphql base)
    → accounts → regions → businesses → catalog → search → orders → payments → frontend

An app may import any app below it, never one above; a lower app that must react to a higher
one's event sends a signal (`business_status_changed`) or owns an interface the higher app
implements (`orders/providers.py`, implemented by `payments/`). The composition root
(settings, urls, wsgi/asgi, the root GraphQL schema) may import everything. Every import counts,
including those inside functions; tests and migrations are not scanned."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "marketplace",
    "marketplace.accounts",
    "marketplace.regions",
    "marketplace.businesses",
    "catalog",
    "search",
    "orders",
    "payments",
    "frontend",
]
COMPOSITION_ROOT = {
    "marketplace/settings.py",
    "marketplace/urls.py",
    "marketplace/wsgi.py",
    "marketplace/asgi.py",
    "marketplace/graphql/schema.py",
}
# Upward edges other branches of issue 8 remove; delete a line once its edge is gone.
KNOWN_FOR_NOW: set[tuple[str, str]] = set()


def app_of(module: str) -> str | None:
    for app in sorted(LAYERS, key=len, reverse=True):
        if module == app or module.startswith(f"{app}."):
            return app
    return None


def app_imports(root: Path = ROOT) -> dict[tuple[str, str], set[str]]:
    """(importing app, imported app) → the files that import it."""
    edges = defaultdict(set)
    for top in {layer.split(".")[0] for layer in LAYERS}:
        for path in (root / top).rglob("*.py"):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or relative in COMPOSITION_ROOT:
                continue
            source = app_of(relative[: -len(".py")].replace("/", ".").removesuffix(".__init__"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                    # `from marketplace import errors` names a module of the package.
                    modules += [f"{node.module}.{alias.name}" for alias in node.names]
                else:
                    continue
                targets = {app_of(module) for module in modules} - {None, source}
                # `from marketplace import accounts`: the most specific app imported wins.
                for target in {t for t in targets if not any(o.startswith(f"{t}.") for o in targets)}:
                    edges[(source, target)].add(relative)
    return edges


def test_no_app_imports_an_app_above_it():
    upward = {
        edge: sorted(files)
        for edge, files in app_imports().items()
        if LAYERS.index(edge[1]) > LAYERS.index(edge[0]) and edge not in KNOWN_FOR_NOW
    }
    assert upward == {}


def test_no_import_cycle_between_apps():
    graph = defaultdict(set)
    for source, target in app_imports():
        if (source, target) not in KNOWN_FOR_NOW:
            graph[source].add(target)
    cycles, state = [], {}

    def visit(app, path):
        state[app] = "open"
        for target in sorted(graph[app]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[app] = "done"

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert cycles == []


def test_known_upward_imports_still_exist():
    """So that the exceptions above shrink as the other branches land."""
    assert KNOWN_FOR_NOW - set(app_imports()) == set()


def test_the_scan_sees_imports_inside_functions_and_of_submodules(tmp_path):
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "late.py").write_text("def f():\n    from orders.models import Order\n")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "named.py").write_text("from marketplace import businesses\n")
    assert set(app_imports(tmp_path)) == {("catalog", "orders"), ("search", "marketplace.businesses")}
