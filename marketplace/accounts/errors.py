"""Account errors. `InvalidPhone` lives in `phone.py` and `InvalidToken` in `tokens.py`, next to
the code that raises them; they are re-exported here so callers have one place to look."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import InvalidPhone
from marketplace.accounts.tokens import InvalidToken, TokenExpired
from marketplace.errors import DomainError

__all__ = [
    "EmailTaken",
    "FullNameTooLong",
    "InvalidCredentials",
    "InvalidEmail",
    "InvalidPhone",
    "InvalidToken",
    "OneSignInPerRequest",
    "PasswordEntirelyNumeric",
    "PasswordTooCommon",
    "PasswordTooShort",
    "PasswordTooSimilar",
    "PhoneTaken",
    "TokenExpired",
    "TooManyAttempts",
    "WeakPassword",
]


class PhoneTaken(DomainError):
    code = "PHONE_TAKEN"
    message = _("Số điện thoại này đã được đăng ký. Hãy đăng nhập, hoặc dùng số khác.")


class EmailTaken(DomainError):
    code = "EMAIL_TAKEN"
    message = _("Địa chỉ e-mail này đã được dùng cho một tài khoản khác.")


class InvalidEmail(DomainError):
    code = "INVALID_EMAIL"
    message = _("Địa chỉ e-mail không hợp lệ.")


class FullNameTooLong(DomainError):
    code = "FULL_NAME_TOO_LONG"
    message = _("Họ và tên dài tối đa 150 ký tự.")


class WeakPassword(DomainError):
    """One failed Django password validator; `code` says which (`PASSWORD_TOO_SHORT`, …)."""

    code = "PASSWORD_TOO_WEAK"
    message = _("Mật khẩu chưa đủ mạnh.")


class PasswordTooShort(WeakPassword):
    code = "PASSWORD_TOO_SHORT"
    message = _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.")


class PasswordTooCommon(WeakPassword):
    code = "PASSWORD_TOO_COMMON"
    message = _("Mật khẩu này quá phổ biến, dễ bị đoán ra.")


class PasswordEntirelyNumeric(WeakPassword):
    code = "PASSWORD_ENTIRELY_NUMERIC"
    message = _("Mật khẩu không được chỉ gồm chữ số.")


class PasswordTooSimilar(WeakPassword):
    code = "PASSWORD_TOO_SIMILAR"
    message = _("Mật khẩu quá giống %(verbose_name)s.")


class InvalidCredentials(DomainError):
    # Deliberately silent about which part was wrong, so the form cannot be used to find
    # out which phone numbers or e-mails have an account.
    code = "INVALID_CREDENTIALS"
    message = _("Số điện thoại/e-mail hoặc mật khẩu không đúng.")


class TooManyAttempts(DomainError):
    # Says nothing about which limit was hit (see `throttle`): no hint for the guesser.
    code = "TOO_MANY_ATTEMPTS"
    message = _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.")

    def __init__(self):
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
        super().__init__(
            _("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {"minutes": minutes}
        )


class OneSignInPerRequest(DomainError):
    code = "ONE_SIGN_IN_PER_REQUEST"
    message = _("Mỗi yêu cầu chỉ được đăng nhập một lần. Hãy gửi lần đăng nhập khác trong một yêu cầu riêng.")
