import pytest

from marketplace.accounts.phone import InvalidPhone, display_phone, normalize_phone


@pytest.mark.parametrize(
    "spelling",
    ["0912 345 678", "0912345678", "+84912345678", "84912345678", "+84 912 345 678", "0912-345-678"],
)
def test_spellings_of_one_mobile_number_normalise_to_e164(spelling):
    assert normalize_phone(spelling) == "+84912345678"


def test_tuyen_quang_landline_is_refused():
    with pytest.raises(InvalidPhone):
        normalize_phone("0207 3822 123")


def test_too_short_number_is_refused():
    with pytest.raises(InvalidPhone):
        normalize_phone("091 234")


def test_foreign_mobile_number_is_refused():
    with pytest.raises(InvalidPhone):
        normalize_phone("+1 202 555 0123")


def test_refusal_names_the_field_it_is_about():
    with pytest.raises(InvalidPhone) as caught:
        normalize_phone("abc", field="identifier")
    assert (caught.value.code, caught.value.field) == ("INVALID_PHONE", "identifier")


def test_display_groups_digits_the_way_vietnamese_write_them():
    assert display_phone("+84912345678") == "0912 345 678"
