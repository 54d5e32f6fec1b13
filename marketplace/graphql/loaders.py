"""Per-request batch loading for nested fields under graphene-django's synchronous execution.

graphql-core completes a list depth-first (row 1's nested fields before row 2 is looked at), so
a promise-style DataLoader has nothing to batch without an asynchronous executor. Instead, a list
resolver announces the keys its rows will ask about (`announce`), and the first row that asks a
loader for a field loads it for every announced key in one query. A key nobody announced is loaded
alone, so a missing announcement costs queries, never correctness.

Loaders and announcements live on the request (`info.context`): nothing outlives one request, so
no answer computed for one user is ever served to another.
"""

from collections.abc import Callable, Hashable, Iterable
from typing import Any

# (keys, request) → {key: value}; the request carries the user the answer is for.
BatchLoad = Callable[[list, Any], dict]


class Loader:
    def __init__(self, kind: str, batch_load: BatchLoad, default: Any, context, announced: dict[str, set]):
        self.kind, self.batch_load, self.default = kind, batch_load, default
        self._context, self._announced = context, announced
        self._cache: dict = {}

    def load(self, key: Hashable):
        if key not in self._cache:
            wanted = {k for k in self._announced.get(self.kind, ()) if k not in self._cache} | {key}
            found = self.batch_load(sorted(wanted), self._context)
            for k in wanted:
                self._cache[k] = found.get(k, self.default() if callable(self.default) else self.default)
        return self._cache[key]


def _state(info) -> dict:
    context = info.context
    state = getattr(context, "_batch_loaders", None)
    if state is None:
        state = {"announced": {}, "loaders": {}}
        context._batch_loaders = state
    return state


def announce(info, kind: str, keys: Iterable[Hashable]) -> None:
    """Rows of `kind` (e.g. "Business" ids) this request is about to resolve nested fields for."""
    _state(info)["announced"].setdefault(kind, set()).update(k for k in keys if k is not None)


def loader(info, kind: str, batch_load: BatchLoad, *, default: Any = None) -> Loader:
    """The request's loader for `batch_load` over keys of `kind`; `default` (or a factory such
    as `list`) answers keys the batch did not return."""
    loaders = _state(info)["loaders"]
    found = loaders.get(batch_load)
    if found is None:
        found = loaders[batch_load] = Loader(
            kind, batch_load, default, info.context, _state(info)["announced"]
        )
    return found


def forget(info) -> None:
    """Drops what this request has loaded: after a write, nested fields are read afresh."""
    info.context._batch_loaders = None
