"""Every answer of /graphql/ that is an error is JSON with a stable code and a Vietnamese message.

graphql-core reports problems with the request (syntax, validation against the schema,
variable values) in English; they are translated here, keeping the names the client wrote
(field, argument, variable, type) and the location, which are safe to echo. Anything that goes
wrong inside a resolver is logged and masked.
"""

import logging
import re

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from graphene_django.views import HttpError
from graphql import GraphQLError

from marketplace.errors import DomainError
from marketplace.graphql.errors import RequestTimedOut

logger = logging.getLogger("marketplace.graphql")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
QUERY_CANCELED_SQLSTATE = "57014"  # PostgreSQL: statement_timeout fired


class RequestRefused(HttpError):
    """The request itself is unusable (body, method, shape): answered before any GraphQL runs."""

    def __init__(self, message, *, code: str = "BAD_REQUEST", status: int = 400):
        response = HttpResponse(status=status)
        if status == 405:
            response["Allow"] = "GET, POST"
        super().__init__(response, str(message))
        self.code = code


# graphql-core's English → Vietnamese. Names in quotes come from the client's own document.
_N = r"'([^']*)'"
_TRANSLATIONS = [
    (
        r"^(?:Syntax Error: )?Document contains more than (\d+) tokens",
        lambda m: _("Tài liệu GraphQL quá dài (tối đa %s token).") % m[1],
    ),
    (
        r"^(?:Syntax Error: )?Source contains more than (\d+) code points",
        lambda m: _("Tài liệu GraphQL quá dài (tối đa %s ký tự).") % m[1],
    ),
    (r"^(?:Syntax Error: )?Document is nested too deeply", lambda m: _("Tài liệu GraphQL lồng quá sâu.")),
    (r"^Syntax Error: ", lambda m: _("Lỗi cú pháp GraphQL.")),
    (
        rf"^Cannot query field {_N} on type {_N}",
        lambda m: _("Kiểu %(t)s không có trường %(f)s.") % {"t": m[2], "f": m[1]},
    ),
    (
        rf"^Unknown argument {_N} on field {_N}",
        lambda m: _("Trường %(f)s không có tham số %(a)s.") % {"f": m[2], "a": m[1]},
    ),
    (
        rf"^Field {_N} argument {_N} of type {_N} is required",
        lambda m: (
            _("Trường %(f)s thiếu tham số bắt buộc %(a)s (kiểu %(t)s).") % {"f": m[1], "a": m[2], "t": m[3]}
        ),
    ),
    (
        rf"^Field {_N} of required type {_N} was not provided",
        lambda m: _("Thiếu trường bắt buộc %(f)s (kiểu %(t)s).") % {"f": m[1], "t": m[2]},
    ),
    (
        rf"^Field {_N} is not defined by type {_N}",
        lambda m: _("Kiểu %(t)s không có trường %(f)s.") % {"t": m[2], "f": m[1]},
    ),
    (
        rf"^Field {_N} must not have a selection",
        lambda m: _("Trường %s là giá trị đơn, không chọn trường con được.") % m[1],
    ),
    (
        rf"^Field {_N} of type {_N} must have a selection",
        lambda m: _("Trường %s cần chọn ít nhất một trường con.") % m[1],
    ),
    (
        r"^Int cannot represent non 32-bit signed integer",
        lambda m: _("Số nguyên phải nằm trong khoảng -2147483648 đến 2147483647."),
    ),
    (r"^Int cannot represent", lambda m: _("Giá trị phải là số nguyên.")),
    (r"^Float cannot represent", lambda m: _("Giá trị phải là số.")),
    (r"^String cannot represent", lambda m: _("Giá trị phải là chuỗi ký tự.")),
    (r"^Boolean cannot represent", lambda m: _("Giá trị phải là true hoặc false.")),
    (r"^ID cannot represent", lambda m: _("Giá trị phải là mã (ID) dạng chuỗi.")),
    (
        r"^Date cannot represent",
        lambda m: _("Ngày phải là một ngày có thật, dạng YYYY-MM-DD (ví dụ 2026-12-01)."),
    ),
    (
        r"^DateTime cannot represent",
        lambda m: _("Thời điểm phải có dạng ISO 8601, ví dụ 2026-12-01T08:00:00+07:00."),
    ),
    (
        rf"^Value {_N} does not exist in {_N} enum",
        lambda m: _("%(v)s không phải giá trị hợp lệ của %(e)s.") % {"v": m[1], "e": m[2]},
    ),
    (rf"^Enum {_N} cannot represent", lambda m: _("Giá trị không thuộc danh sách của %s.") % m[1]),
    (
        rf"^Expected value of type {_N}, found ([^;]*?)\.?(?:;|$)",
        lambda m: _("Giá trị %(v)s không đúng kiểu %(t)s.") % {"v": m[2], "t": m[1]},
    ),
    (rf"^Expected type {_N}", lambda m: _("Giá trị không đúng kiểu %s.") % m[1]),
    (
        r"^Variable '\$(\w+)' of required type '([^']*)' was not provided",
        lambda m: _("Thiếu biến $%(v)s (kiểu %(t)s).") % {"v": m[1], "t": m[2]},
    ),
    (
        r"^Variable '\$(\w+)' of non-null type '([^']*)' must not be null",
        lambda m: _("Biến $%(v)s (kiểu %(t)s) không được để null.") % {"v": m[1], "t": m[2]},
    ),
    (
        r"^Variable '\$(\w+)' got invalid value .*?(?: at '([^']*)')?; (.*)$",
        lambda m: (
            _("Biến $%(v)s có giá trị không hợp lệ%(at)s: %(why)s")
            % {"v": m[1], "at": _(" tại %s") % m[2] if m[2] else "", "why": translate(m[3])}
        ),
    ),
    (r"^Variable '\$(\w+)' is not defined", lambda m: _("Biến $%s chưa được khai báo.") % m[1]),
    (r"^Variable '\$(\w+)' is never used", lambda m: _("Biến $%s được khai báo nhưng không dùng.") % m[1]),
    (
        r"^Variable '\$(\w+)' (?:is of type|of type)",
        lambda m: _("Biến $%s không đúng kiểu ở chỗ được dùng.") % m[1],
    ),
    (r"^Unknown type '(\w+)'", lambda m: _("Không có kiểu %s.") % m[1]),
    (r"^Unknown fragment '(\w+)'", lambda m: _("Không có fragment %s.") % m[1]),
    (r"^Unknown operation named '([^']*)'", lambda m: _("Không có thao tác tên %s.") % m[1]),
    (r"^Must provide operation name", lambda m: _("Tài liệu có nhiều thao tác: hãy gửi kèm operationName.")),
    (
        r"^Fields '([^']*)' conflict",
        lambda m: _("Các trường %s trùng tên mà khác nhau; hãy đặt bí danh (alias) khác nhau.") % m[1],
    ),
    (r"^There can be only one", lambda m: _("Tài liệu khai báo trùng tên.")),
]
_COMPILED = [(re.compile(pattern), build) for pattern, build in _TRANSLATIONS]


def translate(message: str) -> str:
    for pattern, build in _COMPILED:
        match = pattern.search(message)
        if match:
            return str(build(match))
    return _("Truy vấn GraphQL không hợp lệ.")


def request_error(error: GraphQLError, code: str) -> GraphQLError:
    """A problem with the client's document or variables, in Vietnamese with `code`, keeping
    its location. Our own refusals (limits) already carry a code and a Vietnamese message."""
    if (error.extensions or {}).get("code"):
        return error
    parse_problem = error.message.removeprefix("Syntax Error: ")
    if code == PARSE_FAILED and parse_problem.startswith(("Document contains", "Source contains")):
        code = "QUERY_TOO_LARGE"
    elif code == PARSE_FAILED and parse_problem.startswith("Document is nested"):
        code = "QUERY_TOO_DEEP"
    return GraphQLError(
        translate(error.message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": code},
    )


def _timed_out(original) -> bool:
    cause = original.__cause__ if isinstance(original, OperationalError) else None
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED_SQLSTATE


def format_error(error) -> dict:
    if isinstance(error, RequestRefused):
        return {"message": error.message, "extensions": {"code": error.code}}
    if isinstance(error, HttpError):  # graphene-django's own refusals, in English
        return {"message": _("Yêu cầu GraphQL không hợp lệ."), "extensions": {"code": "BAD_REQUEST"}}
    if not isinstance(error, GraphQLError):
        # e.g. a TypeError from graphql-core about the request's shape: it names Python internals.
        logger.info("Malformed GraphQL request: %r", error)
        return {"message": _("Yêu cầu GraphQL không hợp lệ."), "extensions": {"code": "BAD_REQUEST"}}
    formatted = error.formatted
    original = error.original_error
    if isinstance(original, DomainError):
        formatted["message"] = str(original.message)
        formatted["extensions"] = {"code": original.code, "field": original.field}
        return formatted
    if original is not None and _timed_out(original):
        timeout = RequestTimedOut()
        formatted["message"] = str(timeout.message)
        formatted["extensions"] = {"code": timeout.code}
        return formatted
    if (error.extensions or {}).get("code") and original is None:
        return formatted  # a request error already put in Vietnamese by `request_error`
    # Raised while resolving: a bug (a Python exception, or graphql-core refusing a value a
    # resolver returned, e.g. null for a non-null field). Logged in full, masked for the client.
    logger.error("Unhandled error in GraphQL resolver: %s", error.message, exc_info=original or error)
    formatted["message"] = _("Đã có lỗi ngoài dự kiến. Vui lòng thử lại sau.")
    formatted["extensions"] = {"code": "INTERNAL_ERROR"}
    return formatted


def csrf_failure(request, reason=""):
    """Django's CSRF refusal: JSON for the API, Django's page for the admin and the site."""
    if request.path.startswith(reverse("graphql")):
        message = _(
            "Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF). Gửi kèm token Bearer; hoặc, khi "
            "dùng cookie đăng nhập, gửi mã từ cookie csrftoken trong header X-CSRFToken."
        )
        return JsonResponse(
            {"errors": [{"message": message, "extensions": {"code": "CSRF_FAILED"}}]}, status=403
        )
    return django_csrf_failure(request, reason)
