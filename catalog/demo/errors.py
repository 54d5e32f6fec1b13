from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class DemoDataError(DomainError):
    code = "DEMO_DATA"
    message = _("Không tạo được dữ liệu mẫu.")


class InvalidScale(DemoDataError):
    code = "INVALID_SCALE"
    message = _("Quy mô dữ liệu mẫu (--scale) không hợp lệ.")


class MissingReferenceData(DemoDataError):
    code = "MISSING_REFERENCE_DATA"
    message = _("Thiếu dữ liệu nền (tỉnh, xã, danh mục). Hãy chạy migrate trước.")


class DemoPhoneTaken(DemoDataError):
    code = "DEMO_PHONE_TAKEN"
    message = _("Số điện thoại của tài khoản mẫu đã thuộc về một tài khoản thật.")


class DemoDataInUse(DemoDataError):
    code = "DEMO_DATA_IN_USE"
    message = _(
        "Không xoá được dữ liệu mẫu vì dữ liệu khác (ví dụ đơn hàng) đang tham chiếu tới nó. "
        "Với cơ sở dữ liệu thử nghiệm, hãy xoá tệp var/db.sqlite3 rồi chạy lại."
    )
