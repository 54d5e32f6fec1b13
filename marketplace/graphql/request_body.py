"""What /graphql/ accepts as a request body, checked before GraphQL sees it.

JSON nesting is bounded and walked without recursion (a deep body must not exhaust the
stack), NUL is refused (PostgreSQL cannot store it in text), and every string is put in
Unicode NFC so text typed in decomposed form (NFD, as some keyboards and macOS produce) is
stored and compared like the same text typed precomposed.
"""

import json
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import DocumentNode, StringValueNode, Visitor, visit

from marketplace.graphql.http_errors import RequestRefused


def nfc(text: str) -> str:
    # is_normalized is a fast scan; most input is already NFC.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _refuse_nul() -> RequestRefused:
    return RequestRefused(_("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL)."))


def _too_deep() -> RequestRefused:
    return RequestRefused(
        _("Dữ liệu JSON lồng quá sâu (tối đa %(limit)d cấp).") % {"limit": settings.GRAPHQL_MAX_INPUT_DEPTH},
        code="JSON_TOO_DEEP",
    )


def load_json(text: str | bytes, *, what: str = "body"):
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RequestRefused(_("Nội dung yêu cầu phải là văn bản UTF-8 hợp lệ.")) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:  # the C decoder's own guard, far beyond our depth limit
        raise _too_deep() from exc
    except ValueError as exc:
        message = (
            _("Biến (variables) không phải JSON hợp lệ.")
            if what == "variables"
            else _("Nội dung yêu cầu không phải JSON hợp lệ.")
        )
        raise RequestRefused(message) from exc


def clean_json(value):
    """Checks depth and NUL, and NFC-normalises every string value, in place; returns it."""
    if isinstance(value, str):
        return _clean_string(value)
    limit = settings.GRAPHQL_MAX_INPUT_DEPTH
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        container, depth = stack.pop()
        if depth > limit:
            raise _too_deep()
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        for key, item in list(pairs):
            if isinstance(key, str) and "\x00" in key:
                raise _refuse_nul()
            if isinstance(item, str):
                container[key] = _clean_string(item)
            elif isinstance(item, dict | list):
                stack.append((item, depth + 1))
    return value


def _clean_string(text: str) -> str:
    if "\x00" in text:
        raise _refuse_nul()
    return nfc(text)


class _LiteralCleaner(Visitor):
    """String literals in the document, after escapes are decoded (`"e\\u0301"` is NFD too)."""

    def enter_string_value(self, node: StringValueNode, *_args):
        node.value = _clean_string(node.value)


def clean_document(document: DocumentNode) -> None:
    visit(document, _LiteralCleaner())
