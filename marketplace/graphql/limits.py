"""Query depth and cost limits, checked before execution so a hostile query costs nothing."""

from django.conf import settings
from graphql import GraphQLError
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, IntValueNode, OperationDefinitionNode
from graphql.validation import ValidationRule


def _first_value(field: FieldNode) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            if isinstance(argument.value, IntValueNode):
                return int(argument.value.value)
            return settings.GRAPHQL_PAGE_SIZE_MAX  # a variable: assume the worst allowed page
    return None


class _Walker:
    def __init__(self, context):
        self.context = context

    def selections(self, selection_set, seen=frozenset()):
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self.selections(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment and name not in seen:
                    yield from self.selections(fragment.selection_set, seen | {name})

    def depth(self, selection_set, level=0) -> int:
        deepest = level
        for field in self.selections(selection_set):
            if field.name.value.startswith("__"):
                continue
            if field.selection_set:
                deepest = max(deepest, self.depth(field.selection_set, level + 1))
        return deepest

    def cost(self, selection_set, multiplier=1) -> int:
        total = 0
        for field in self.selections(selection_set):
            total += multiplier
            if field.selection_set:
                page = _first_value(field)
                total += self.cost(field.selection_set, multiplier * (page if page else 1))
        return total


class DepthAndCostLimit(ValidationRule):
    """Depth counts nested selections (connections' `edges { node }` included); cost counts
    fields, multiplied by the page size of every enclosing connection."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        walker = _Walker(self.context)
        depth = walker.depth(node.selection_set)
        if depth > settings.GRAPHQL_MAX_DEPTH:
            self.report_error(
                GraphQLError(
                    f"Query depth {depth} exceeds the limit of {settings.GRAPHQL_MAX_DEPTH}.",
                    node,
                    extensions={"code": "QUERY_TOO_DEEP"},
                )
            )
            return
        cost = walker.cost(node.selection_set)
        if cost > settings.GRAPHQL_MAX_COST:
            self.report_error(
                GraphQLError(
                    f"Query cost {cost} exceeds the limit of {settings.GRAPHQL_MAX_COST}.",
                    node,
                    extensions={"code": "QUERY_TOO_COSTLY"},
                )
            )
