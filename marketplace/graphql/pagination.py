"""Relay connections with `totalCount`, offset cursors and a hard page cap."""

import graphene
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from graphql_relay import cursor_to_offset, offset_to_cursor

from marketplace.errors import DomainError

DEFAULT_PAGE_SIZE = 20
MAX_OFFSET = 10_000_000  # deeper pages are for exports, not for paging through an API


class PageSizeExceeded(DomainError):
    code = "PAGE_SIZE_EXCEEDED"
    message = _("Số mục mỗi trang (first) vượt quá giới hạn cho phép.")


class InvalidCursor(DomainError):
    code = "INVALID_CURSOR"
    message = _("Con trỏ phân trang (after) không hợp lệ.")


class CountableConnection(graphene.relay.Connection):
    total_count = graphene.Int(required=True)

    class Meta:
        abstract = True

    def resolve_total_count(self, info):
        # Counted only when the client asks for it, unless a search engine already counted.
        known = getattr(self, "total_count", None)
        return known if known is not None else self.iterable.count()


def connection_args() -> dict:
    return {
        "first": graphene.Int(description=f"Page size, at most {settings.GRAPHQL_PAGE_SIZE_MAX}."),
        "after": graphene.String(),
    }


def page_window(*, first: int | None, after: str | None, max_offset: int = MAX_OFFSET) -> tuple[int, int]:
    """(offset, limit) for a page, with the page cap and cursor checks every list shares."""
    limit = DEFAULT_PAGE_SIZE if first is None else first
    cap = settings.GRAPHQL_PAGE_SIZE_MAX
    if limit < 0 or limit > cap:
        raise PageSizeExceeded(
            _("Mỗi trang lấy tối đa %(cap)s bản ghi (first từ 0 đến %(cap)s).") % {"cap": cap}, field="first"
        )
    offset = 0
    if after:
        position = cursor_to_offset(after)
        if position is None or not 0 <= position < max_offset:
            raise InvalidCursor(field="after")
        offset = position + 1
    return offset, limit


def connection_from_page(connection_type, nodes: list, *, offset: int, has_next: bool, edge_fields=None):
    """A connection over one fetched page; `edge_fields` adds per-edge values (e.g. highlights)."""
    edges = [
        connection_type.Edge(
            node=node, cursor=offset_to_cursor(offset + i), **(edge_fields[i] if edge_fields else {})
        )
        for i, node in enumerate(nodes)
    ]
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=offset > 0,
        has_next_page=has_next,
    )
    return connection_type(edges=edges, page_info=page_info)


def paginate(queryset, connection_type, *, first: int | None, after: str | None):
    """Fetches one page (plus one row to tell whether another page follows)."""
    offset, limit = page_window(first=first, after=after)
    rows = list(queryset[offset : offset + limit + 1])
    connection = connection_from_page(
        connection_type, rows[:limit], offset=offset, has_next=len(rows) > limit
    )
    connection.iterable = queryset
    return connection
