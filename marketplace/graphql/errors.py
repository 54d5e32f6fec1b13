"""Errors as data: every mutation returns `errors { field code message }` with stable codes."""

import logging

import graphene
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from marketplace.errors import Conflict, DomainError, ValidationFailed
from marketplace.graphql.loaders import forget

logger = logging.getLogger(__name__)


class Error(graphene.ObjectType):
    field = graphene.String(description="Input field the error is about, if any (camelCase).")
    code = graphene.String(required=True, description="Stable machine-readable code: one of ErrorCode.")
    message = graphene.String(required=True, description="Message for the user, in their language.")


def _camel(name: str | None) -> str | None:
    if not name:
        return name
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def errors_from(exc: Exception) -> list[Error]:
    if isinstance(exc, ValidationFailed):
        return [Error(field=_camel(e.field), code=e.code, message=str(e.message)) for e in exc.errors]
    if isinstance(exc, DomainError):
        return [Error(field=_camel(exc.field), code=exc.code, message=str(exc.message))]
    if isinstance(exc, DjangoValidationError):
        out = []
        for field, messages in (
            exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
        ):
            for message in messages:
                out.append(
                    Error(
                        field=_camel(None if field == "__all__" else field), code="INVALID", message=message
                    )
                )
        return out
    raise exc


class BaseMutation(graphene.Mutation):
    """Subclasses implement `perform(cls, info, **input)` returning a dict of payload fields;
    domain errors raised inside become `errors` instead of escaping as a 500."""

    errors = graphene.List(graphene.NonNull(Error), required=True)

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **kwargs):
        # Mutations run one after another; each payload reads what the earlier ones wrote.
        forget(info)
        try:
            payload = cls.perform(info, **kwargs)
        except (DomainError, DjangoValidationError) as exc:
            return cls(errors=errors_from(exc))
        except IntegrityError:
            logger.info("Integrity error in %s", cls.__name__, exc_info=True)
            return cls(errors=errors_from(Conflict()))
        return cls(errors=[], **payload)


class RequestTimedOut(DomainError):
    code = "REQUEST_TIMEOUT"
    message = _(
        "Yêu cầu chạy quá thời gian cho phép và đã dừng; hãy lấy trang nhỏ hơn hoặc chia thành nhiều yêu cầu."
    )


class ResolverCrashed(Exception):
    """A BaseException that is not an exit (e.g. a Rust panic surfacing from an extension)
    raised inside a resolver, carried as an ordinary exception so it is masked and logged."""
