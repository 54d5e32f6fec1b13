"""Bad input is answered with every field's problem at once and a message that says what is valid."""

import pytest

from catalog.models import Product, ProductVariant
from catalog.services.products import DESCRIPTION_MAX_LENGTH, product_create, product_update
from catalog.services.variants import variant_create
from marketplace.businesses.services import business_commission_set, business_delivery_fees_set
from marketplace.errors import DomainError, ValidationFailed
from tests.factories import CategoryFactory, OfficerFactory, ProductFactory, business_with_owner

pytestmark = pytest.mark.django_db
VAGUE = "Yêu cầu không hợp lệ."


def refusal(call) -> list[tuple[str, str, str]]:
    with pytest.raises(DomainError) as refused:
        call()
    errors = refused.value.errors if isinstance(refused.value, ValidationFailed) else [refused.value]
    return [(e.field, e.code, str(e.message)) for e in errors]


def test_a_missing_name_is_reported_together_with_an_unknown_category():
    business, owner = business_with_owner()

    errors = refusal(lambda: product_create(user=owner, business_id=business.pk, name=" ", category_id=999))

    assert [(field, code) for field, code, _ in errors] == [
        ("name", "REQUIRED"),
        ("category", "UNKNOWN_CATEGORY"),
    ]
    assert not Product.objects.exists()


def test_a_description_longer_than_the_limit_is_refused_with_the_limit():
    business, owner = business_with_owner()

    [(field, code, message)] = refusal(
        lambda: product_create(
            user=owner,
            business_id=business.pk,
            name="Miến dong",
            category_id=CategoryFactory().pk,
            description="a" * (DESCRIPTION_MAX_LENGTH + 1),
        )
    )

    assert (field, code) == ("description", "TOO_LONG")
    assert "5.000" in message


def test_a_description_at_the_limit_is_accepted():
    business, owner = business_with_owner()
    product = ProductFactory(business=business)

    updated = product_update(user=owner, product_id=product.pk, description="á" * DESCRIPTION_MAX_LENGTH)

    assert len(updated.description) == DESCRIPTION_MAX_LENGTH


def test_an_invalid_weight_says_what_weights_are_valid():
    business, owner = business_with_owner()
    product = ProductFactory(business=business)

    [(field, code, message)] = refusal(
        lambda: variant_create(
            user=owner, product_id=product.pk, name="Gói", sku="G1", price=10_000, unit="gói", weight_grams=-1
        )
    )

    assert (field, code) == ("weight_grams", "INVALID_WEIGHT")
    assert message != VAGUE and "gam" in message
    assert not ProductVariant.objects.exists()


def test_a_weight_beyond_a_tonne_is_refused():
    business, owner = business_with_owner()
    product = ProductFactory(business=business)

    [(_, code, _)] = refusal(
        lambda: variant_create(
            user=owner,
            product_id=product.pk,
            name="Gói",
            sku="G1",
            price=10_000,
            unit="gói",
            weight_grams=2_000_000_000,
        )
    )

    assert code == "INVALID_WEIGHT"


def test_an_invalid_commission_rate_says_what_rates_are_valid():
    business, _ = business_with_owner()

    [(field, code, message)] = refusal(
        lambda: business_commission_set(officer=OfficerFactory(), business_id=business.pk, rate_bps=10_001)
    )

    assert (field, code) == ("rate_bps", "INVALID_COMMISSION_RATE")
    assert message != VAGUE and "10.000" in message


def test_an_invalid_delivery_fee_says_what_fees_are_valid():
    business, owner = business_with_owner()

    errors = refusal(
        lambda: business_delivery_fees_set(
            user=owner, business_id=business.pk, seller_fee=-1, post_fee=6_000_000
        )
    )

    assert [(field, code) for field, code, _ in errors] == [
        ("seller_fee", "INVALID_DELIVERY_FEE"),
        ("post_fee", "INVALID_DELIVERY_FEE"),
    ]
    assert all(message != VAGUE and "5.000.000" in message for _, _, message in errors)


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200b", "\ufeff", "\x07", "\n"])
def test_a_name_with_control_or_invisible_characters_is_refused(hidden):
    business, owner = business_with_owner()

    [(field, code, _message)] = refusal(
        lambda: product_create(
            user=owner,
            business_id=business.pk,
            name=f"🍯 Mật ong{hidden} rừng",
            category_id=CategoryFactory().pk,
        )
    )

    assert (field, code) == ("name", "INVISIBLE_CHARACTERS")
    assert not Product.objects.exists()


def test_a_name_with_an_emoji_sequence_is_accepted():
    business, owner = business_with_owner()
    name = "Mật ong 👨\u200d🌾 Hà Giang"  # the zero-width joiner makes "farmer" one emoji

    product = product_create(user=owner, business_id=business.pk, name=name, category_id=CategoryFactory().pk)

    assert product.name == name


def test_a_variant_name_with_a_direction_override_is_refused():
    business, owner = business_with_owner()
    product = ProductFactory(business=business)

    [(field, code, _message)] = refusal(
        lambda: variant_create(
            user=owner, product_id=product.pk, name="Gói \u202e500g", sku="X-1", price=1000, unit="gói"
        )
    )

    assert (field, code) == ("name", "INVISIBLE_CHARACTERS")
    assert not ProductVariant.objects.filter(sku="X-1").exists()
