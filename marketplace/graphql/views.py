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
            return super().parse_body(request)
        except (ValueError, KeyError, TypeError) as exc:  # malformed multipart `operations`/`map`
            raise HttpError(HttpResponseBadRequest(_("Yêu cầu multipart không hợp lệ."))) from exc

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
        return FileUploadGraphQLView.format_error(error)
