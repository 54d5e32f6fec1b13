import functools

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from marketplace.accounts.tokens import ACCESS, InvalidToken, TokenExpired, user_from_token
from marketplace.errors import DomainError

# What an HTML <form> on any site may POST here without a CORS preflight.
_CROSS_SITE_FORM_CONTENT_TYPES = frozenset(
    {"", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)


def _bearer(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class BearerCsrfMiddleware:
    """Authenticates `Authorization: Bearer <token>` requests; the session still works for the web.

    CSRF protects only requests that carry ambient authority (the session cookie). A request
    with a bearer token has none, so API clients need no CSRF token. A cookie-less request
    has none either, except that a form on another site could use one to sign the visitor in
    to the attacker's account (login CSRF); so it is exempt only with a body type such a form
    cannot send without a CORS preflight (JSON, in practice).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _bearer(request)
        if token or (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and request.content_type not in _CROSS_SITE_FORM_CONTENT_TYPES
        ):
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class BearerAuthenticationMiddleware:
    """Runs after AuthenticationMiddleware: a valid bearer token replaces the session user.

    On the API, an expired or invalid one is an error (`TOKEN_EXPIRED` / `INVALID_TOKEN`) the
    moment anything asks who the user is, never a silent anonymous visitor: a buyer whose token
    ran out must not be shown an empty order list. Token mutations (`tokenRefresh`,
    `tokenCreate`) do not ask, so a client that still sends the stale header can recover.
    Elsewhere (admin, pages) the header is ignored when invalid."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _bearer(request)
        if token:
            strict = request.path_info.startswith(_api_path())
            request.user = SimpleLazyObject(_user_or_error(token, strict=strict))
        return self.get_response(request)


@functools.cache
def _api_path() -> str:
    try:
        return reverse("graphql")
    except NoReverseMatch:  # a URLconf without the API (some tests): nothing is strict
        return "\0"


def _user_or_error(token: str, *, strict: bool):
    failure: list[DomainError] = []

    def resolve():
        # Remembered, so that a bad token costs one look-up however often `user` is read.
        if not failure:
            try:
                return user_from_token(token, ACCESS)
            except (InvalidToken, TokenExpired) as exc:
                failure.append(exc)
        if not strict:
            return AnonymousUser()
        raise type(failure[0])()

    return resolve
