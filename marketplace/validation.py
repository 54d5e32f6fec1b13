import unicodedata

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class TooLong(DomainError):
    code = "TOO_LONG"
    message = _("Nội dung quá dài so với giới hạn của trường này.")


class InvisibleCharacters(DomainError):
    code = "INVISIBLE_CHARACTERS"
    message = _(
        "Trường này chỉ nhận chữ, số, dấu câu và biểu tượng hiển thị được; hãy xoá ký tự điều khiển, "
        "ký tự vô hình (như khoảng trắng độ rộng 0) và ký tự đảo chiều văn bản."
    )


# Direction overrides and isolates make a listing display reversed or reordered text; zero-width
# spaces and the BOM hide inside names, so two names look alike but are not. (The zero-width
# joiners stay: emoji sequences need them.)
_HIDDEN = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200E, 0x200F, 0xFEFF)}


def _has_hidden_characters(text: str, *, multiline: bool = False) -> bool:
    allowed = "\n\r\t" if multiline else ""
    return any(ch in _HIDDEN or (unicodedata.category(ch) == "Cc" and ch not in allowed) for ch in text)


def check_free_text(field: str, value: str, limit: int, *, multiline: bool = False) -> None:
    """A text a person types (a reason, a note, a bank reference): refused, never cut, past its
    limit, and refused with hidden characters (line breaks allowed where `multiline`)."""
    if len(value) > limit:
        raise TooLong(_("Tối đa %(limit)d ký tự.") % {"limit": limit}, field=field)
    if _has_hidden_characters(value, multiline=multiline):
        raise InvisibleCharacters(field=field)


def check_text_fields(model, values: dict) -> list[DomainError]:
    """One-line text fields: longer than the column allows, or holding control or invisible
    characters, is the user's mistake to fix, not a database error or a trap for buyers."""
    problems = []
    for field, value in values.items():
        if not isinstance(value, str):
            continue
        limit = model._meta.get_field(field).max_length
        if limit and len(value) > limit:
            problems.append(TooLong(_("Tối đa %(limit)d ký tự.") % {"limit": limit}, field=field))
        elif _has_hidden_characters(value):
            problems.append(InvisibleCharacters(field=field))
    return problems
