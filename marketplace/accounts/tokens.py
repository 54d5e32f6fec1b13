"""Signed, expiring bearer tokens (JWT, HS256 with SECRET_KEY).

An access token is short-lived; a refresh token lives longer, is good for one use and buys a
new pair (see `services.token_refresh`). Both name their family (one sign-in on one device),
so revoking the family ends them. Changing the password invalidates both, because each
carries a fingerprint of the password hash.
"""

import uuid
from datetime import timedelta

import jwt
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError

ACCESS = "access"
REFRESH = "refresh"
_ALGORITHM = "HS256"


class InvalidToken(DomainError):
    code = "INVALID_TOKEN"
    message = _("Phiên đăng nhập không hợp lệ hoặc đã bị đăng xuất. Vui lòng đăng nhập lại.")


class TokenExpired(DomainError):
    code = "TOKEN_EXPIRED"
    message = _("Phiên đăng nhập đã hết hạn. Hãy lấy mã mới bằng tokenRefresh, hoặc đăng nhập lại.")


def _password_fingerprint(user) -> str:
    return salted_hmac("cho-so.token.password", user.password).hexdigest()[:16]


def issue_token(user, kind: str, *, family: uuid.UUID | None = None, jti: uuid.UUID | None = None) -> str:
    ttl = settings.ACCESS_TOKEN_TTL_SECONDS if kind == ACCESS else settings.REFRESH_TOKEN_TTL_SECONDS
    now = timezone.now()
    payload = {
        "sub": str(user.pk),
        "typ": kind,
        "pwd": _password_fingerprint(user),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl)).timestamp()),
    }
    if family is not None:
        payload["fam"] = str(family)
    if jti is not None:
        payload["jti"] = str(jti)
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=_ALGORITHM)


def token_claims(token: str, kind: str, *, allow_expired: bool = False) -> dict:
    """The verified claims; `TokenExpired` only for a token that is ours and merely old."""
    try:
        payload = jwt.decode(
            token,
            settings.SECRET_KEY,
            algorithms=[_ALGORITHM],
            options={"require": ["exp", "sub"], "verify_exp": not allow_expired},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpired() from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken() from exc
    if payload.get("typ") != kind:
        raise InvalidToken()
    try:
        for claim in ("fam", "jti"):
            if claim in payload:
                payload[claim] = uuid.UUID(payload[claim])
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidToken() from exc
    return payload


def user_for_claims(claims: dict):
    """The active user the claims name, in one query (also checking the family is not revoked);
    `InvalidToken` if the account, its password or the family changed since."""
    from marketplace.accounts.models import TokenFamily, User

    users = User.objects.filter(pk=claims["sub"], is_active=True)
    if "fam" in claims:
        live_family = TokenFamily.objects.filter(
            pk=claims["fam"], user_id=OuterRef("pk"), revoked_at__isnull=True
        )
        users = users.filter(Exists(live_family))
    try:
        user = users.first()
    except (ValueError, TypeError) as exc:  # a `sub` that is not a primary key
        raise InvalidToken() from exc
    if user is None or claims.get("pwd") != _password_fingerprint(user):
        raise InvalidToken()
    return user


def user_from_token(token: str, kind: str):
    return user_for_claims(token_claims(token, kind))
