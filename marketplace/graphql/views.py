import logging

from django.conf import settings
from django.utils.translation import gettext as _
from graphene_django_graphiql_static.views import GraphiQLOfflineView
from graphene_file_upload.django import FileUploadGraphQLView
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, parse, validate
from graphql.validation import specified_rules

from marketplace.graphql import http_errors
from marketplace.graphql.errors import RequestTimedOut
from marketplace.graphql.guard import RequestGuardMiddleware, start_clock, statement_timeout
from marketplace.graphql.http_errors import RequestRefused, request_error
from marketplace.graphql.limits import LIMIT_RULES
from marketplace.graphql.request_body import clean_document, clean_json, load_json

logger = logging.getLogger("marketplace.graphql")

MAX_VALIDATION_ERRORS = 20


class MarketplaceGraphQLView(FileUploadGraphQLView, GraphiQLOfflineView):
    """GraphQL over HTTP with multipart uploads, shape/cost/time limits and errors that never
    leak internals: request errors get a code and a Vietnamese message, domain errors keep
    their code, anything unexpected is logged and masked. GraphiQL's assets are served
    locally, so it works without internet."""

    # graphql-core runs only the rules it is given: keep the standard ones.
    validation_rules = (*specified_rules, *LIMIT_RULES)
    graphiql = True

    def can_display_graphiql(self, request, data):
        return settings.GRAPHIQL_ENABLED and super().can_display_graphiql(request, data)

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "POST"):
            error = RequestRefused(_("GraphQL chỉ nhận GET và POST."), code="METHOD_NOT_ALLOWED", status=405)
            return self._refusal(request, error)
        return super().dispatch(request, *args, **kwargs)

    def _refusal(self, request, error: RequestRefused):
        response = error.response
        response["Content-Type"] = "application/json"
        response.content = self.json_encode(request, {"errors": [self.format_error(error)]})
        return response

    def parse_body(self, request):
        content_type = self.get_content_type(request)
        if content_type == "application/json":
            data = load_json(request.body)
        elif content_type == "application/graphql":
            data = {"query": load_body_text(request.body)}
        else:
            try:
                data = super().parse_body(request)
            except RecursionError as exc:
                raise RequestRefused(_("Dữ liệu JSON lồng quá sâu."), code="JSON_TOO_DEEP") from exc
            except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
                # Malformed multipart `operations`/`map` (graphene-file-upload trusts their shape).
                raise RequestRefused(_("Yêu cầu multipart không hợp lệ.")) from exc
        if not isinstance(data, dict):  # batching is off: one operation object per request
            raise RequestRefused(_("Yêu cầu GraphQL phải là một đối tượng JSON."))
        if type(data) is dict:  # JSON, or multipart `operations`; a form's QueryDict holds strings
            clean_json(data)
        return data

    @staticmethod
    def get_graphql_params(request, data):
        def param(name):
            return request.GET.get(name) or data.get(name)

        query, variables, operation_name = param("query"), param("variables"), param("operationName")
        if isinstance(variables, str):  # from the URL or a form
            variables = clean_json(load_json(variables, what="variables"))
        if isinstance(query, str):
            query = clean_json(query)
        if query is not None and not isinstance(query, str):
            raise RequestRefused(_("Trường query phải là một chuỗi GraphQL."))
        if variables is not None and not isinstance(variables, dict):
            raise RequestRefused(_("Trường variables phải là một đối tượng JSON."))
        if operation_name in (None, "", "null"):
            operation_name = None
        elif not isinstance(operation_name, str):
            raise RequestRefused(_("Trường operationName phải là một chuỗi."))
        return query, variables, operation_name, param("id")

    def get_middleware(self, request):
        return [RequestGuardMiddleware()]

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise RequestRefused(_("Thiếu truy vấn GraphQL (query)."))
        schema = self.schema.graphql_schema
        try:
            document = parse(
                query,
                max_lexical_tokens=settings.GRAPHQL_MAX_TOKENS,
                max_comments=settings.GRAPHQL_MAX_TOKENS,
            )
        except GraphQLError as error:
            return ExecutionResult(errors=[request_error(error, http_errors.PARSE_FAILED)])
        clean_document(document)

        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise RequestRefused(
                _("Chỉ gửi được truy vấn đọc (query) bằng GET; thao tác ghi dùng POST."),
                code="METHOD_NOT_ALLOWED",
                status=405,
            )
        errors = validate(schema, document, self.validation_rules, MAX_VALIDATION_ERRORS)
        if errors:
            return ExecutionResult(errors=[request_error(e, http_errors.VALIDATION_FAILED) for e in errors])

        # Mutations are not wrapped in one transaction (ATOMIC_MUTATIONS is off): each service
        # is atomic itself and errors are data.
        start_clock(request)
        try:
            with statement_timeout():
                result = execute(
                    schema,
                    document,
                    root_value=self.get_root_value(request),
                    context_value=self.get_context(request),
                    variable_values=variables,
                    operation_name=operation_name,
                    middleware=self.get_middleware(request),
                )
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # outside any resolver; a last line so nothing becomes a 500
            logger.error("GraphQL execution failed", exc_info=exc)
            return ExecutionResult(errors=[GraphQLError("INTERNAL", original_error=Exception(repr(exc)))])
        return _tidy(result)

    @staticmethod
    def format_error(error):
        return http_errors.format_error(error)


def load_body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestRefused(_("Nội dung yêu cầu phải là văn bản UTF-8 hợp lệ.")) from exc


def _tidy(result: ExecutionResult) -> ExecutionResult:
    """Errors before execution (variable values, operation name) are the client's; once the
    deadline passed every later field refuses, and one such error says it all."""
    if not result.errors:
        return result
    if result.data is None and all(not error.path for error in result.errors):
        return ExecutionResult(errors=[request_error(e, http_errors.BAD_USER_INPUT) for e in result.errors])
    errors, timed_out = [], False
    for error in result.errors:
        if isinstance(error.original_error, RequestTimedOut):
            if timed_out:
                continue
            timed_out = True
        errors.append(error)
    return ExecutionResult(data=result.data, errors=errors)
