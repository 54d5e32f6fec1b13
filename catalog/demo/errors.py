from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class DemoDataError(DomainError):
    code = "DEMO_DATA"


class InvalidScale(DemoDataError):
    code = "INVALID_SCALE"


class MissingReferenceData(DemoDataError):
    code = "MISSING_REFERENCE_DATA"


class DemoPhoneTaken(DemoDataError):
    code = "DEMO_PHONE_TAKEN"


class DemoDataInUse(DemoDataError):
    code = "DEMO_DATA_IN_USE"
    message = _(
        "Không xoá được dữ liệu mẫu vì dữ liệu khác (ví dụ đơn hàng) đang tham chiếu tới nó. "
        "Với cơ sở dữ liệu thử nghiệm, hãy xoá tệp var/db.sqlite3 rồi chạy lại."
    )
