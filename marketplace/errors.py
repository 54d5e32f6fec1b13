"""The base of every domain error. Services raise these; the GraphQL layer turns them into
`errors { field code message }` without knowing the individual cases."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "INVALID"
    message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, field: str | None = None, code: str | None = None):
        self.message = message if message is not None else self.message
        self.field = field
        if code:
            self.code = code
        super().__init__(str(self.message))


class PermissionDenied(DomainError):
    code = "PERMISSION_DENIED"
    message = _("Bạn không có quyền thực hiện thao tác này.")


class NotAuthenticated(DomainError):
    code = "NOT_AUTHENTICATED"
    message = _("Vui lòng đăng nhập để tiếp tục.")


class NotFound(DomainError):
    code = "NOT_FOUND"
    message = _("Không tìm thấy đối tượng yêu cầu.")


class Required(DomainError):
    code = "REQUIRED"
    message = _("Trường này là bắt buộc.")


class ValidationFailed(DomainError):
    """Several field errors at once, e.g. from a form-like input."""

    code = "INVALID"

    def __init__(self, errors: list[DomainError]):
        self.errors = errors
        super().__init__(errors[0].message if errors else None, field=errors[0].field if errors else None)


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"
    message = _("Không thể chuyển sang trạng thái này từ trạng thái hiện tại.")


class InvalidChoice(DomainError):
    """A value outside a fixed list; `choices` names what is accepted."""

    code = "INVALID_CHOICE"
    message = _("Giá trị này không nằm trong danh sách cho phép.")

    def __init__(self, message=None, *, field: str | None = None, choices=()):
        if message is None and choices:
            message = _("Hãy chọn một trong các giá trị: %(choices)s.") % {
                "choices": ", ".join(str(choice) for choice in choices)
            }
        super().__init__(message, field=field)


class UnknownField(DomainError):
    code = "UNKNOWN_FIELD"
    message = _("Trường này không sửa được bằng thao tác này.")


class ReasonRequired(DomainError):
    """The apps refine the message for who reads the reason (a seller, a buyer)."""

    code = "REASON_REQUIRED"
    message = _("Vui lòng ghi rõ lý do.")


class Conflict(DomainError):
    """A constraint the services check first still fired: a concurrent writer won the race."""

    code = "CONFLICT"
    message = _("Dữ liệu vừa bị thay đổi bởi người khác, vui lòng thử lại.")
