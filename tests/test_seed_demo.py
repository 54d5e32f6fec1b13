"""`manage.py seed_demo`: Tuyên Quang's floor (890 sellers, 2,447 products) as demo data.

The seed runs once for the module (committed, removed at the end); tests that write run in
their own transaction on top of it, rolled back afterwards.
"""

import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min
from django.test import override_settings
from django.utils import timezone
from stdnum.vn import mst

from catalog.demo.accounts import ADMIN, BUYER, DEMO_ACCOUNTS, DEMO_PASSWORD, OFFICER, SELLER
from catalog.demo.catalogue import KINDS
from catalog.demo.plan import BUSINESS_QUOTA, OCOP_QUOTA, PRODUCT_QUOTA, DemoPlan
from catalog.demo.seeding import DEFAULT_SEED, demo_data_delete, province_communes
from catalog.models import Product, ProductImage, ProductVariant
from marketplace.accounts.models import User
from marketplace.businesses.models import Business, BusinessEvent, BusinessMember, OcopCertificate
from marketplace.dates import add_months
from tests.factories import BusinessFactory


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, "--allow-without-debug", verbosity=0, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("seed-media")
    # The same fast hasher conftest gives each test, or the seeded hashes would not verify there.
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast_hasher, SEARCH_BACKEND="database"),
    ):
        output = seed()
        yield {"output": output, "media": media}
        demo_data_delete()


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_scale_one_is_the_floors_890_sellers_and_2447_products(demo):
    assert Business.objects.count() == 890
    assert Product.objects.count() == 2447
    assert "890 người bán, 2.447 sản phẩm" in demo["output"]


def test_every_product_has_one_to_three_variants(demo):
    counts = Counter(Product.objects.annotate(n=Count("variants")).values_list("n", flat=True))
    assert set(counts) <= {1, 2, 3}
    assert all(counts[n] > 100 for n in (1, 2, 3))


def test_tax_codes_are_valid_and_distinct(demo):
    codes = list(Business.objects.values_list("tax_code", flat=True))
    assert all(mst.is_valid(code) for code in codes)
    assert len(set(codes)) == 890


def test_variant_prices_are_whole_thousands_within_their_packs_range(demo):
    packs = {(kind.code, pack.name): pack for kind in KINDS for pack in kind.packs}
    for sku, name, price in ProductVariant.objects.values_list("sku", "name", "price"):
        pack = packs[(sku.split("-")[0], name)]
        assert isinstance(price, int) and price % 1000 == 0
        assert pack.price_low <= price <= pack.price_high, (sku, name, price)


def test_price_range_on_the_product_matches_its_variants(demo):
    rows = Product.objects.annotate(lo=Min("variants__price"), hi=Max("variants__price"))
    mismatched = [p.slug for p in rows if (p.price_min, p.price_max) != (p.lo, p.hi)]
    assert mismatched == []


def test_statuses_and_ocop_stars_meet_the_quotas(demo):
    assert Counter(Business.objects.values_list("status", flat=True)) == BUSINESS_QUOTA
    assert Counter(Product.objects.values_list("status", flat=True)) == PRODUCT_QUOTA
    stars = Counter(Product.objects.exclude(ocop_stars=None).values_list("ocop_stars", flat=True))
    assert stars == OCOP_QUOTA
    assert not Product.objects.filter(status="approved").exclude(business__status="approved").exists()
    assert not Business.objects.filter(status="rejected", status_reason="").exists()


def test_buyers_see_exactly_the_approved_products_of_approved_sellers(demo, gql):
    visible = Product.objects.filter(status="approved", business__status="approved")
    assert set(Product.objects.filter(is_public=True)) == set(visible)
    body = gql("{ products(first: 1) { totalCount } }")
    assert body["data"]["products"]["totalCount"] == PRODUCT_QUOTA["approved"]


SEEDED_LISTING = """{ products(first: 20) { totalCount edges { node {
  id name slug priceMin priceMax inStock ocopStars originCommune { code name }
  category { id name slug } business { id name kind } thumbnail { url } images { url thumbnailUrl }
  variants { id name sku price stock unit } } } } }"""


def test_seeded_listing_answers_in_at_most_five_queries(demo, gql, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        body = gql(SEEDED_LISTING)
    products = body["data"]["products"]
    unapproved = (
        Product.objects.exclude(status="approved").count()
        + Product.objects.filter(status="approved").exclude(business__status="approved").count()
    )
    assert products["totalCount"] == 2447 - unapproved
    assert len(products["edges"]) == 20
    assert all(edge["node"]["thumbnail"] and edge["node"]["variants"] for edge in products["edges"])


def test_ocop_products_carry_a_valid_certificate_of_their_seller(demo):
    today = timezone.localdate()
    certified = Product.objects.exclude(ocop_stars=None).select_related("ocop_certificate")
    for product in certified:
        certificate = product.ocop_certificate
        assert certificate.business_id == product.business_id
        assert certificate.stars == product.ocop_stars
        assert certificate.product_name == product.name
        assert re.fullmatch(r"\d{3,4}/QĐ-(UBND|BNN-VPĐP)", certificate.number)
        assert certificate.expires_on == add_months(certificate.issued_on, 36)
        assert certificate.issued_on <= today < certificate.expires_on
    assert OcopCertificate.objects.count() == sum(OCOP_QUOTA.values())


def test_each_seller_has_an_owner_and_an_approval_trail(demo):
    assert BusinessMember.objects.filter(role="owner").values("business").distinct().count() == 890
    approved = BusinessEvent.objects.filter(kind="approved").values_list("business_id", flat=True)
    assert set(approved) == set(
        Business.objects.filter(status__in=["approved", "suspended"]).values_list("pk", flat=True)
    )
    assert BusinessEvent.objects.filter(kind="registered").count() == 890


def test_products_of_one_kind_share_one_picture_with_thumbnails(demo):
    assert ProductImage.objects.values("product").annotate(n=Count("id")).filter(n=1).count() == 2447
    pictures = set(ProductImage.objects.values_list("image", "thumbnail_200", "thumbnail_600").distinct())
    assert len(pictures) == len(KINDS)
    for names in pictures:
        assert all((demo["media"] / name).is_file() for name in names)


def test_demo_accounts_log_in_with_the_documented_password(demo):
    for account in DEMO_ACCOUNTS:
        user = authenticate(None, phone=account.phone, password=DEMO_PASSWORD)
        assert user is not None, account.phone
        assert user.role == account.role
    assert User.objects.get(phone=ADMIN.e164).is_superuser
    assert User.objects.get(phone=OFFICER.e164).is_trade_officer
    assert not User.objects.get(phone=BUYER.e164).memberships.exists()


def test_the_demo_officer_may_use_the_admin_with_the_officers_permissions(demo):
    officer = User.objects.get(phone=OFFICER.e164)

    assert officer.is_staff and not officer.is_superuser
    assert officer.has_perm("businesses.decide_business") and not officer.has_perm(
        "businesses.change_business"
    )


def test_demo_seller_owns_an_approved_cooperative_with_approved_products(demo):
    seller = User.objects.get(phone=SELLER.e164)
    business = Business.objects.get(memberships__user=seller, memberships__role="owner")
    assert business.kind == "cooperative" and business.status == "approved"
    assert business.products.filter(status="approved").count() >= 3
    assert business.products.exclude(ocop_stars=None).exists()


def test_same_seed_gives_the_same_data(demo):
    communes, now = province_communes(), timezone.now()
    first = DemoPlan(seed=DEFAULT_SEED, scale=1, communes=communes, now=now)
    again = DemoPlan(seed=DEFAULT_SEED, scale=1, communes=communes, now=now)
    other = DemoPlan(seed=DEFAULT_SEED + 1, scale=1, communes=communes, now=now)
    names = [p.name for p in first.products()]
    assert names == [p.name for p in again.products()]
    assert names != [p.name for p in other.products()]
    assert [b.name for b in first.businesses()] == list(
        Business.objects.order_by("pk").values_list("name", flat=True)
    )
    assert names == list(Product.objects.order_by("pk").values_list("name", flat=True))


@pytest.mark.parametrize("model", [Product, Business, ProductVariant, User])
def test_seeded_rows_are_what_saving_them_through_the_model_would_write(demo, model):
    """The seeder inserts without Model.save(); any column save() derives must already match."""
    volatile = {"updated_at", "last_login"}
    for obj in model.objects.order_by("pk")[:: max(1, model.objects.count() // 40)]:
        before = model.objects.filter(pk=obj.pk).values().get()
        obj.save()
        after = model.objects.filter(pk=obj.pk).values().get()
        assert {k: v for k, v in after.items() if k not in volatile} == {
            k: v for k, v in before.items() if k not in volatile
        }


def test_search_finds_demo_products_typed_without_diacritics(demo):
    from marketplace.text import search_filter

    assert Product.objects.filter(search_filter("mien dong son duong")).count() > 20


def test_names_vary(demo):
    assert Product.objects.values("name").distinct().count() > 1000
    assert Business.objects.values("name").distinct().count() > 850


def test_second_run_does_nothing_and_says_so(demo):
    before = (Business.objects.count(), Product.objects.count(), User.objects.count())
    assert "đã có sẵn" in seed()
    assert (Business.objects.count(), Product.objects.count(), User.objects.count()) == before


def test_if_empty_skips_when_products_exist(demo):
    assert "bỏ qua" in seed("--if-empty")


def test_reset_rebuilds_the_same_data_and_keeps_other_sellers(demo):
    real_seller = BusinessFactory(name="Hợp tác xã Thật")
    names = list(Product.objects.order_by("pk").values_list("name", flat=True))
    output = seed("--reset")
    assert "Đã xoá dữ liệu mẫu cũ (2.447 sản phẩm)" in output
    assert Business.objects.exclude(pk=real_seller.pk).count() == 890
    assert Business.objects.filter(pk=real_seller.pk).exists()
    assert list(Product.objects.order_by("pk").values_list("name", flat=True)) == names
    assert authenticate(None, phone=SELLER.phone, password=DEMO_PASSWORD) is not None


def test_refuses_to_run_with_debug_off_unless_allowed(demo):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0, stdout=StringIO())


def test_scale_is_bounded(demo):
    with pytest.raises(CommandError, match="Quy mô"):
        seed("--reset", "--scale", "0")
