"""Signed, expiring bearer tokens (JWT, HS256 with SECRET_KEY).

An access token is short-lived; a refresh token lives longer and only buys new access tokens.
Changing the password invalidates both, because each carries a fingerprint of the password hash.
"""

from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError

ACCESS = "access"
REFRESH = "refresh"
_ALGORITHM = "HS256"


class InvalidToken(DomainError):
    code = "INVALID_TOKEN"
    message = _("Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.")


def _password_fingerprint(user) -> str:
    return salted_hmac("cho-so.token.password", user.password).hexdigest()[:16]


def issue_token(user, kind: str) -> str:
    ttl = settings.ACCESS_TOKEN_TTL_SECONDS if kind == ACCESS else settings.REFRESH_TOKEN_TTL_SECONDS
    now = timezone.now()
    payload = {
        "sub": str(user.pk),
        "typ": kind,
        "pwd": _password_fingerprint(user),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=_ALGORITHM)


def user_from_token(token: str, kind: str):
    from marketplace.accounts.models import User

    try:
        payload = jwt.decode(
            token, settings.SECRET_KEY, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken() from exc
    if payload.get("typ") != kind:
        raise InvalidToken()
    user = User.objects.filter(pk=payload["sub"], is_active=True).first()
    if user is None or payload.get("pwd") != _password_fingerprint(user):
        raise InvalidToken()
    return user
