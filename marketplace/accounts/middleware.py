from django.conf import settings
from django.utils.functional import SimpleLazyObject

from marketplace.accounts.tokens import ACCESS, InvalidToken, user_from_token

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
    """Runs after AuthenticationMiddleware: a valid bearer token replaces the session user; an
    invalid or expired one makes the request anonymous (`me` is null, mutations answer
    NOT_AUTHENTICATED), and the client refreshes with `tokenRefresh`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _bearer(request)
        if token:
            request.user = SimpleLazyObject(lambda: _resolve(token))
        return self.get_response(request)


def _resolve(token):
    from django.contrib.auth.models import AnonymousUser

    try:
        return user_from_token(token, ACCESS)
    except InvalidToken:
        return AnonymousUser()
