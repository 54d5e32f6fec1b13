"""Query depth and cost limits, checked before execution so a hostile query costs nothing.

Cost approximates database work: every field costs 1 per object it is resolved for; a
connection multiplies its children by its page size (20 when `first` is left out) and costs
a page fetch itself; `totalCount` is a COUNT over the whole filtered set. Fragments are
measured once and reused, so fragment fan-out cannot make the check itself expensive.
"""

from django.conf import settings
from graphql import GraphQLError
from graphql.language import (
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
)
from graphql.validation import ValidationRule

CONNECTION_COST = 20  # fetching a page: one more query, a sort
TOTAL_COUNT_COST = 50  # counting the whole filtered set
DEFAULT_PAGE = 20


def _page_size(field: FieldNode) -> int | None:
    """Page size of a connection field, or None for anything else."""
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return settings.GRAPHQL_PAGE_SIZE_MAX  # a variable: assume the worst allowed page
    selections = field.selection_set.selections if field.selection_set else ()
    if any(isinstance(s, FieldNode) and s.name.value == "edges" for s in selections):
        return DEFAULT_PAGE
    return None


class _Measure:
    """Depth and unit cost (cost at multiplier 1) of selection sets, memoised per fragment:
    cost is linear in the multiplier, so a fragment is walked once however often it is spread."""

    def __init__(self, context):
        self.context = context
        self.fragments: dict[str, tuple[int, int]] = {}
        self.in_progress: set[str] = set()

    def measure(self, selection_set) -> tuple[int, int]:
        depth = cost = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                d, c = self._field(selection)
            elif isinstance(selection, InlineFragmentNode):
                d, c = self.measure(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                d, c = self._fragment(selection.name.value)
            else:
                continue
            depth, cost = max(depth, d), cost + c
        return depth, cost

    def _fragment(self, name: str) -> tuple[int, int]:
        if name not in self.fragments:
            fragment = self.context.get_fragment(name)
            if fragment is None or name in self.in_progress:  # cycles are reported by graphql-core
                return 0, 0
            self.in_progress.add(name)
            self.fragments[name] = self.measure(fragment.selection_set)
            self.in_progress.discard(name)
        return self.fragments[name]

    def _field(self, field: FieldNode) -> tuple[int, int]:
        name = field.name.value
        if name.startswith("__"):
            return 0, 1
        if name == "totalCount":
            return 0, TOTAL_COUNT_COST
        if not field.selection_set:
            return 0, 1
        child_depth, child_cost = self.measure(field.selection_set)
        page = _page_size(field)
        if page is None:
            return child_depth + 1, 1 + child_cost
        return child_depth + 1, CONNECTION_COST + page * child_cost


class DepthAndCostLimit(ValidationRule):
    """Depth counts nested selections (a connection's `edges { node }` included)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        depth, cost = _Measure(self.context).measure(node.selection_set)
        if depth > settings.GRAPHQL_MAX_DEPTH:
            self.report_error(
                GraphQLError(
                    f"Query depth {depth} exceeds the limit of {settings.GRAPHQL_MAX_DEPTH}.",
                    node,
                    extensions={"code": "QUERY_TOO_DEEP"},
                )
            )
        elif cost > settings.GRAPHQL_MAX_COST:
            self.report_error(
                GraphQLError(
                    f"Query cost {cost} exceeds the limit of {settings.GRAPHQL_MAX_COST}.",
                    node,
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
            )
