"""Query shape and cost limits, checked before execution so a hostile query costs nothing.

Cost is in units of one field resolved for one object (about 20 µs of work). A connection
costs a page fetch plus its `edges`/`nodes` times its page size (20 when `first` is left
out); connection-level fields (`totalCount`, `pageInfo`, `facets`) are counted once. A search
pass (`search`, `searchSuggest`, any `filter: {search}`) and a facet pass cost far more than a
field, a `totalCount` is a COUNT over the whole filtered set, a mutation is a write. Fragments
are measured once per page size and reused, so fragment fan-out cannot make the check itself
expensive. Shape limits (root fields, aliases, field nodes) bound what the cost cannot see:
per-field overhead and many cheap passes.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
)
from graphql.validation import ValidationRule

CONNECTION_COST = 20  # fetching a page: one more query, a sort
TOTAL_COUNT_COST = 200  # counting the whole filtered set (~4 ms on 2,000 products, more at scale)
SEARCH_COST = 1_000  # one engine query with highlights, or LIKE scans on the database backend
FACETS_COST = 1_000  # six aggregations over every match
MUTATION_COST = 200  # a write: locks, a transaction, side effects after commit
DEFAULT_PAGE = 20
SEARCH_ROOT_FIELDS = frozenset({"search", "searchSuggest"})
PAGED_CHILDREN = frozenset({"edges", "nodes"})


def _page_size(field: FieldNode) -> int | None:
    """Page size of a connection field, or None for anything else."""
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            return settings.GRAPHQL_PAGE_SIZE_MAX  # a variable: assume the worst allowed page
    selections = field.selection_set.selections if field.selection_set else ()
    if any(isinstance(s, FieldNode) and s.name.value in PAGED_CHILDREN for s in selections):
        return DEFAULT_PAGE
    return None


def _searches(field: FieldNode) -> bool:
    """`filter: {search: …}`, or a filter the check cannot see into (a variable)."""
    for argument in field.arguments or ():
        if argument.name.value != "filter":
            continue
        if isinstance(argument.value, VariableNode):
            return True
        if isinstance(argument.value, ObjectValueNode):
            return any(
                f.name.value == "search" and not isinstance(f.value, NullValueNode)
                for f in argument.value.fields
            )
    return False


def _asks_for_facets(field: FieldNode) -> bool:
    # Mirrors search's resolver: a fragment directly under `search` may select facets.
    return any(
        not isinstance(selection, FieldNode) or selection.name.value == "facets"
        for selection in field.selection_set.selections
    )


class _Measure:
    """Depth and cost of selection sets, memoised per (fragment, page size): cost is
    linear, so a fragment is walked at most once per page size however often it is spread."""

    def __init__(self, context):
        self.context = context
        self.fragments: dict[tuple[str, int | None], tuple[int, int]] = {}
        self.in_progress: set[str] = set()

    def measure(self, selection_set, page: int | None = None) -> tuple[int, int]:
        """`page`: the page size of the connection this selection set belongs to, if any."""
        depth = cost = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                d, c = self._field(selection, page)
            elif isinstance(selection, InlineFragmentNode):
                d, c = self.measure(selection.selection_set, page)
            elif isinstance(selection, FragmentSpreadNode):
                d, c = self._fragment(selection.name.value, page)
            else:
                continue
            depth, cost = max(depth, d), cost + c
        return depth, cost

    def _fragment(self, name: str, page: int | None) -> tuple[int, int]:
        key = (name, page)
        if key not in self.fragments:
            fragment = self.context.get_fragment(name)
            if fragment is None or name in self.in_progress:  # cycles are reported by graphql-core
                return 0, 0
            self.in_progress.add(name)
            self.fragments[key] = self.measure(fragment.selection_set, page)
            self.in_progress.discard(name)
        return self.fragments[key]

    def _field(self, field: FieldNode, parent_page: int | None) -> tuple[int, int]:
        name = field.name.value
        if name.startswith("__"):
            return 0, 1
        if name == "totalCount":
            return 0, TOTAL_COUNT_COST
        own = SEARCH_COST if name == "searchSuggest" or _searches(field) else 0
        if not field.selection_set:
            return 0, 1 + own
        if name == "search":
            own += SEARCH_COST + (FACETS_COST if _asks_for_facets(field) else 0)
        page = _page_size(field)
        child_depth, child_cost = self.measure(field.selection_set, page)
        if name in PAGED_CHILDREN and parent_page is not None:
            return child_depth + 1, 1 + parent_page * child_cost
        if page is not None:
            return child_depth + 1, CONNECTION_COST + own + child_cost
        return child_depth + 1, 1 + own + child_cost


class _RootFields:
    """Root fields an operation selects, through fragments, memoised per fragment."""

    def __init__(self, context):
        self.context = context
        self.fragments: dict[str, int] = {}

    def count(self, selection_set) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += not selection.name.value.startswith("__")
            elif isinstance(selection, InlineFragmentNode):
                total += self.count(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _fragment(self, name: str) -> int:
        if name not in self.fragments:
            self.fragments[name] = 0  # a cycle counts nothing (graphql-core reports it)
            fragment = self.context.get_fragment(name)
            if fragment is not None:
                self.fragments[name] = self.count(fragment.selection_set)
        return self.fragments[name]


def _field_nodes(document: DocumentNode) -> tuple[int, int]:
    """Field nodes and aliased field nodes written in the document (iterative: any depth)."""
    fields = aliases = 0
    stack = [d.selection_set for d in document.definitions if getattr(d, "selection_set", None)]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode):
                fields += 1
                aliases += selection.alias is not None
            if getattr(selection, "selection_set", None):
                stack.append(selection.selection_set)
    return fields, aliases


def _refuse(message: str, node, code: str) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code})


class QueryShapeLimit(ValidationRule):
    """Field nodes and aliases in the whole document: cheap, syntactic, before any walk."""

    def enter_document(self, node: DocumentNode, *_args):
        fields, aliases = _field_nodes(node)
        if fields > settings.GRAPHQL_MAX_FIELDS:
            message = _("Truy vấn có %(n)d trường, tối đa %(limit)d; hãy chia thành nhiều yêu cầu.")
            self.report_error(
                _refuse(
                    message % {"n": fields, "limit": settings.GRAPHQL_MAX_FIELDS}, None, "QUERY_TOO_LARGE"
                )
            )
            return self.BREAK
        if aliases > settings.GRAPHQL_MAX_ALIASES:
            message = _("Truy vấn dùng %(n)d bí danh (alias), tối đa %(limit)d.")
            self.report_error(
                _refuse(
                    message % {"n": aliases, "limit": settings.GRAPHQL_MAX_ALIASES}, None, "QUERY_TOO_LARGE"
                )
            )
            return self.BREAK
        return None


class DepthAndCostLimit(ValidationRule):
    """Depth counts nested selections (a connection's `edges { node }` included)."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        roots = _RootFields(self.context).count(node.selection_set)
        if roots > settings.GRAPHQL_MAX_ROOT_FIELDS:
            message = _("Truy vấn có %(n)d trường gốc, tối đa %(limit)d; hãy chia thành nhiều yêu cầu.")
            self.report_error(
                _refuse(
                    message % {"n": roots, "limit": settings.GRAPHQL_MAX_ROOT_FIELDS}, node, "QUERY_TOO_LARGE"
                )
            )
            return
        depth, cost = _Measure(self.context).measure(node.selection_set)
        if node.operation == OperationType.MUTATION:
            cost += MUTATION_COST * roots
        if depth > settings.GRAPHQL_MAX_DEPTH:
            message = _("Truy vấn lồng %(depth)d cấp, tối đa %(limit)d.")
            self.report_error(
                _refuse(
                    message % {"depth": depth, "limit": settings.GRAPHQL_MAX_DEPTH}, node, "QUERY_TOO_DEEP"
                )
            )
        elif cost > settings.GRAPHQL_MAX_COST:
            message = _(
                "Truy vấn quá nặng: chi phí ước tính %(cost)d, tối đa %(limit)d. Hãy lấy trang nhỏ hơn "
                "(first), bớt trường, hoặc bớt các phép tìm kiếm và đếm (totalCount, facets)."
            )
            self.report_error(
                _refuse(
                    message % {"cost": cost, "limit": settings.GRAPHQL_MAX_COST}, node, "QUERY_TOO_COSTLY"
                )
            )


LIMIT_RULES = (QueryShapeLimit, DepthAndCostLimit)
