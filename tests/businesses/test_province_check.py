"""Sellers are checked against the province at registration: refused or flagged, per a setting."""

import pytest

from marketplace.businesses.models import Business
from marketplace.businesses.services import business_register
from marketplace.businesses.tax_code import tax_code_from_serial
from marketplace.errors import ValidationFailed
from marketplace.graphql.ids import encode_id
from marketplace.regions.models import Commune
from tests.factories import OfficerFactory, UserFactory, tuyen_quang_commune

pytestmark = pytest.mark.django_db
TUYEN_QUANG_TAX_CODE = tax_code_from_serial(7, province_prefix="50")
HA_GIANG_TAX_CODE = tax_code_from_serial(8, province_prefix="51")
HA_NOI_TAX_CODE = "0100233488"


def register(*, tax_code: str, commune_code: str | None = None, user=None) -> Business:
    return business_register(
        user=user or UserFactory(),
        name="Hợp tác xã Chè Shan tuyết",
        kind=Business.Kind.COOPERATIVE,
        tax_code=tax_code,
        representative_name="Hoàng Văn Sình",
        phone="0912 345 678",
        address_line="Thôn Nặm Đăm",
        commune_code=commune_code or tuyen_quang_commune().code,
    )


def ha_noi_commune() -> Commune:
    return Commune.objects.exclude(province_id="08").filter(province_id="01").first()


@pytest.mark.parametrize("tax_code", [TUYEN_QUANG_TAX_CODE, HA_GIANG_TAX_CODE])
def test_a_seller_of_the_province_is_registered_unflagged(settings, tax_code):
    settings.BUSINESS_OUT_OF_PROVINCE = "refuse"

    business = register(tax_code=tax_code)

    assert (business.outside_province, business.outside_province_note) == (False, "")


def test_refuse_mode_names_both_the_commune_and_the_tax_office(settings):
    settings.BUSINESS_OUT_OF_PROVINCE = "refuse"

    with pytest.raises(ValidationFailed) as refused:
        register(tax_code=HA_NOI_TAX_CODE, commune_code=ha_noi_commune().code)

    errors = {error.field: (error.code, str(error.message)) for error in refused.value.errors}
    assert errors.keys() == {"commune_code", "tax_code"}
    assert {code for code, _ in errors.values()} == {"OUTSIDE_PROVINCE"}
    assert "Tuyên Quang" in errors["commune_code"][1]
    assert "01" in errors["tax_code"][1] and "50, 51" in errors["tax_code"][1]
    assert not Business.objects.exists()


def test_refuse_mode_refuses_a_tax_code_issued_elsewhere_even_with_a_local_commune(settings):
    settings.BUSINESS_OUT_OF_PROVINCE = "refuse"

    with pytest.raises(ValidationFailed) as refused:
        register(tax_code=HA_NOI_TAX_CODE)

    assert [(e.field, e.code) for e in refused.value.errors] == [("tax_code", "OUTSIDE_PROVINCE")]


def test_a_local_branch_of_a_company_from_elsewhere_is_judged_by_its_commune(settings):
    settings.BUSINESS_OUT_OF_PROVINCE = "refuse"

    business = register(tax_code=f"{HA_NOI_TAX_CODE}-001")

    assert not business.outside_province


def test_flag_mode_registers_the_seller_with_a_flag_and_the_reason(settings):
    settings.BUSINESS_OUT_OF_PROVINCE = "flag"

    business = register(tax_code=HA_NOI_TAX_CODE, commune_code=ha_noi_commune().code)

    assert business.outside_province and business.status == Business.Status.PENDING
    assert "Tuyên Quang" in business.outside_province_note and "01" in business.outside_province_note
    assert business.events.get().note == business.outside_province_note


def test_the_officer_sees_the_flag_and_the_public_does_not(settings, gql):
    settings.BUSINESS_OUT_OF_PROVINCE = "flag"
    business = register(tax_code=HA_NOI_TAX_CODE)
    query = "query($id: ID!) { business(id: $id) { outsideProvince } }"
    variables = {"id": encode_id("Business", business.pk)}

    shown = gql.login(OfficerFactory())(query, variables)["data"]["business"]["outsideProvince"]

    assert "01" in shown
    assert (gql.login(UserFactory())(query, variables)["data"]["business"] or {}).get(
        "outsideProvince"
    ) is None
