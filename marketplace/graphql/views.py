import logging

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from graphene_django.views import HttpError
from graphene_django_graphiql_static.views import GraphiQLOfflineView
from graphene_file_upload.django import FileUploadGraphQLView
from graphql import GraphQLError
from graphql.error import GraphQLError as CoreGraphQLError
from graphql.validation import specified_rules

from marketplace.errors import DomainError
from marketplace.graphql.limits import DepthAndCostLimit

logger = logging.getLogger("marketplace.graphql")


class MarketplaceGraphQLView(FileUploadGraphQLView, GraphiQLOfflineView):
    """GraphQL over HTTP with multipart uploads, depth/cost limits and errors that never leak
    internals: domain errors keep their code, anything unexpected is logged and masked.
    GraphiQL's assets are served locally, so it works without internet."""

    # graphql-core runs only the rules it is given: keep the standard ones.
    validation_rules = (*specified_rules, DepthAndCostLimit)
    graphiql = True

    def can_display_graphiql(self, request, data):
        return settings.GRAPHIQL_ENABLED and super().can_display_graphiql(request, data)

    def parse_body(self, request):
        try:
            data = super().parse_body(request)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            # Malformed multipart `operations`/`map` (graphene-file-upload trusts their shape).
            raise HttpError(HttpResponseBadRequest(_("Yêu cầu multipart không hợp lệ."))) from exc
        if not isinstance(data, dict):  # batching is off: one operation object per request
            raise HttpError(HttpResponseBadRequest(_("Yêu cầu GraphQL phải là một đối tượng JSON.")))
        if _contains_nul(data):
            # PostgreSQL cannot store NUL in text; no real input contains it.
            raise HttpError(HttpResponseBadRequest(_("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL).")))
        return data

    @staticmethod
    def format_error(error):
        if isinstance(error, CoreGraphQLError):
            original = error.original_error
            if isinstance(original, DomainError):
                formatted = error.formatted
                formatted["message"] = str(original.message)
                formatted["extensions"] = {"code": original.code, "field": original.field}
                return formatted
            if original is not None and not isinstance(original, GraphQLError):
                logger.error("Unhandled error in GraphQL resolver", exc_info=original)
                formatted = error.formatted
                formatted["message"] = _("Đã có lỗi ngoài dự kiến. Vui lòng thử lại sau.")
                formatted["extensions"] = {"code": "INTERNAL_ERROR"}
                return formatted
            formatted = error.formatted
            formatted.setdefault("extensions", {}).setdefault("code", "GRAPHQL_VALIDATION_FAILED")
            return formatted
        if isinstance(error, HttpError):  # our own refusals of the request's shape
            return {"message": str(error.message), "extensions": {"code": "BAD_REQUEST"}}
        # e.g. `{"query": 5}`: graphql-core's TypeError would name Python internals.
        logger.info("Malformed GraphQL request: %r", error)
        return {"message": _("Yêu cầu GraphQL không hợp lệ."), "extensions": {"code": "BAD_REQUEST"}}


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value or "\\u0000" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False
