"""Vietnamese tax codes (mã số thuế): 10 digits with a check digit, or `XXXXXXXXXX-NNN` for a branch."""

from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.vn import mst

from marketplace.errors import DomainError


class InvalidTaxCode(DomainError):
    code = "INVALID_TAX_CODE"
    message = _("Mã số thuế không hợp lệ: cần 10 chữ số, hoặc 13 chữ số dạng 0101234565-001 cho chi nhánh.")


class TaxCodeChecksumMismatch(InvalidTaxCode):
    message = _("Mã số thuế sai chữ số kiểm tra. Vui lòng kiểm tra lại từng chữ số.")


def normalize_tax_code(raw: str, *, field: str = "tax_code") -> str:
    """Validates and returns the standard presentation (`0101234565` or `0101234565-001`)."""
    try:
        return mst.format(mst.validate(raw or ""))
    except InvalidChecksum as exc:
        raise TaxCodeChecksumMismatch(field=field) from exc
    except ValidationError as exc:
        raise InvalidTaxCode(field=field) from exc


def tax_code_from_serial(serial: int, *, province_prefix: str = "50") -> str:
    """A distinct valid 10-digit code per serial (0–999,999), for demo data and tests.

    The ninth digit is chosen so the check digit is a single digit: the check is
    10 − (weighted sum mod 11) and is invalid only at 0, which one step of that digit
    (weight 3) always leaves.
    """
    for ninth in "0123456789":
        body = f"{province_prefix}{serial:06d}{ninth}"
        check = mst.calc_check_digit(body)
        if len(check) == 1 and body[2:9] != "0000000":
            return body + check
    raise ValueError(serial)
