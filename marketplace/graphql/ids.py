"""Relay global IDs (`base64("Product:12")`) in and out of the API."""

from django.utils.translation import gettext_lazy as _
from graphql_relay import from_global_id, to_global_id

from marketplace.errors import DomainError


class InvalidId(DomainError):
    code = "INVALID_ID"
    message = _("Mã định danh (ID) không hợp lệ.")


def decode_id(global_id: str, expected_type: str, *, field: str = "id") -> int:
    """`"UHJvZHVjdDoxMg=="` → 12, refusing IDs of another type."""
    try:
        type_name, raw = from_global_id(global_id or "")
        if not (raw.isascii() and raw.isdigit()):  # int() would also take " 12" and "١٢"
            raise ValueError(raw)
        pk = int(raw)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidId(field=field) from exc
    if type_name != expected_type or pk <= 0:
        raise InvalidId(field=field)
    return pk


def encode_id(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)
