from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError


class TooLong(DomainError):
    code = "TOO_LONG"
    message = _("Nội dung quá dài so với giới hạn của trường này.")


def check_lengths(model, values: dict) -> list[DomainError]:
    """Text longer than its column allows is the user's mistake to fix, not a database error."""
    problems = []
    for field, value in values.items():
        limit = model._meta.get_field(field).max_length
        if limit and isinstance(value, str) and len(value) > limit:
            problems.append(TooLong(_("Tối đa %(limit)d ký tự.") % {"limit": limit}, field=field))
    return problems
