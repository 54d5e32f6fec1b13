import pytest

from catalog.models import Product, ProductVariant
from catalog.services.products import unique_product_slug
from marketplace.businesses.models import Business, OcopCertificate
from marketplace.graphql.ids import encode_id
from tests.factories import (
    BusinessFactory,
    CategoryFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
    VariantFactory,
    business_with_owner,
    tuyen_quang_commune,
)

CREATE = """
mutation($business: ID!, $input: ProductInput!) {
  productCreate(business: $business, input: $input) {
    product { id name slug status ocopStars originCommune { code } category { slug } }
    errors { field code message }
  }
}"""
UPDATE = """mutation($id: ID!, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) { product { name slug status } errors { field code } } }"""
DELETE = "mutation($id: ID!) { productDelete(id: $id) { errors { code } } }"
SUBMIT = "mutation($id: ID!) { productSubmit(id: $id) { product { status } errors { code } } }"
HIDE = "mutation($id: ID!) { productHide(id: $id) { product { status } errors { code } } }"
APPROVE = "mutation($id: ID!) { productApprove(id: $id) { product { status } errors { code } } }"
REJECT = "mutation($id: ID!, $reason: String!) { productReject(id: $id, reason: $reason) { product { status statusReason } errors { code field } } }"
VARIANT_CREATE = """mutation($product: ID!, $input: ProductVariantInput!) {
  productVariantCreate(product: $product, input: $input) {
    variant { id name sku price stock unit } product { priceMin priceMax } errors { field code message } } }"""
VARIANT_UPDATE = """mutation($id: ID!, $input: ProductVariantInput!) {
  productVariantUpdate(id: $id, input: $input) { variant { price stock } errors { field code } } }"""
VARIANT_DELETE = "mutation($id: ID!) { productVariantDelete(id: $id) { errors { code } } }"


def gid(obj):
    return encode_id(
        {Product: "Product", ProductVariant: "ProductVariant", Business: "Business"}[type(obj)], obj.pk
    )


def create_input(category_obj, **overrides):
    data = {"name": "Miến dong", "category": encode_id("Category", category_obj.pk), "description": "Sợi dai"}
    data.update(overrides)
    return data


@pytest.fixture
def seller():
    business, owner = business_with_owner()
    return business, owner


def test_seller_creates_a_draft_with_a_vietnamese_slug(gql, seller):
    business, owner = seller
    category = CategoryFactory()
    payload = gql.login(owner)(CREATE, {"business": gid(business), "input": create_input(category)})["data"][
        "productCreate"
    ]
    assert payload["errors"] == []
    assert payload["product"]["slug"] == "mien-dong"
    assert payload["product"]["status"] == "DRAFT"


def test_slugs_stay_unique_across_sellers(gql, seller):
    business, owner = seller
    category = CategoryFactory()
    other, other_owner = business_with_owner()
    first = gql.login(owner)(CREATE, {"business": gid(business), "input": create_input(category)})
    second = gql.login(other_owner)(
        CREATE, {"business": gid(other), "input": create_input(category, name="Miến  dong!")}
    )
    assert first["data"]["productCreate"]["product"]["slug"] == "mien-dong"
    assert second["data"]["productCreate"]["product"]["slug"] == "mien-dong-2"


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Đặc sản Đồng Văn", "dac-san-dong-van"),
        ("Chè Shan tuyết 200 g", "che-shan-tuyet-200-g"),
        ("!!!", "san-pham"),
    ],
)
def test_slug_rule_folds_vietnamese(db, name, slug):
    assert unique_product_slug(name) == slug


def test_seller_cannot_create_products_for_another_business(gql, seller):
    _, owner = seller
    other = BusinessFactory()
    payload = gql.login(owner)(CREATE, {"business": gid(other), "input": create_input(CategoryFactory())})
    assert payload["data"]["productCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not Product.objects.exists()


def test_seller_cannot_update_delete_or_submit_another_business_product(gql, seller):
    _, owner = seller
    foreign = ProductFactory(name="Cam sành Hàm Yên", status=Product.Status.DRAFT)
    gql.login(owner)
    for mutation, variables in [
        (UPDATE, {"id": gid(foreign), "input": {"name": "Của tôi rồi"}}),
        (DELETE, {"id": gid(foreign)}),
        (SUBMIT, {"id": gid(foreign)}),
        (
            VARIANT_CREATE,
            {"product": gid(foreign), "input": {"name": "Kg", "sku": "X", "price": 1, "unit": "kg"}},
        ),
        (HIDE, {"id": gid(foreign)}),
    ]:
        payload = next(iter(gql(mutation, variables)["data"].values()))
        assert payload["errors"][0]["code"] == "PERMISSION_DENIED", mutation
    foreign.refresh_from_db()
    assert foreign.name == "Cam sành Hàm Yên" and foreign.variants.count() == 0


def test_seller_cannot_change_or_delete_another_business_variant(gql, seller):
    _, owner = seller
    variant = VariantFactory(price=30_000)
    payload = gql.login(owner)(VARIANT_UPDATE, {"id": gid(variant), "input": {"price": 1}})
    assert payload["data"]["productVariantUpdate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    payload = gql(VARIANT_DELETE, {"id": gid(variant)})
    assert payload["data"]["productVariantDelete"]["errors"][0]["code"] == "PERMISSION_DENIED"
    variant.refresh_from_db()
    assert variant.price == 30_000


def test_staff_member_can_manage_products(gql, seller):
    business, _ = seller
    staff = UserFactory()
    business.memberships.create(user=staff, role="staff")
    payload = gql.login(staff)(CREATE, {"business": gid(business), "input": create_input(CategoryFactory())})
    assert payload["data"]["productCreate"]["errors"] == []


def test_anonymous_gets_not_authenticated(gql):
    product = ProductFactory()
    assert (
        gql(DELETE, {"id": gid(product)})["data"]["productDelete"]["errors"][0]["code"] == "NOT_AUTHENTICATED"
    )


def test_full_review_flow(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business, status=Product.Status.DRAFT)
    assert (
        gql.login(owner)(SUBMIT, {"id": gid(product)})["data"]["productSubmit"]["errors"][0]["code"]
        == "NO_VARIANTS"
    )
    VariantFactory(product=product)
    assert gql(SUBMIT, {"id": gid(product)})["data"]["productSubmit"] == {
        "product": {"status": "PENDING"},
        "errors": [],
    }
    officer = OfficerFactory()
    reject = gql.login(officer)(REJECT, {"id": gid(product), "reason": "Ảnh không rõ"})["data"][
        "productReject"
    ]
    assert reject["product"] == {"status": "REJECTED", "statusReason": "Ảnh không rõ"}
    gql.login(owner)(SUBMIT, {"id": gid(product)})
    assert (
        gql.login(officer)(APPROVE, {"id": gid(product)})["data"]["productApprove"]["product"]["status"]
        == "APPROVED"
    )


@pytest.mark.parametrize("mutation", [APPROVE, REJECT])
def test_buyers_and_sellers_cannot_approve_or_reject(gql, seller, mutation):
    business, owner = seller
    product = ProductFactory(business=business, status=Product.Status.PENDING)
    for user in (UserFactory(), owner):
        payload = next(iter(gql.login(user)(mutation, {"id": gid(product), "reason": "x"})["data"].values()))
        assert payload["errors"][0]["code"] == "PERMISSION_DENIED"
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING


def test_approving_a_draft_is_an_invalid_transition(gql):
    product = ProductFactory(status=Product.Status.DRAFT)
    payload = gql.login(OfficerFactory())(APPROVE, {"id": gid(product)})["data"]["productApprove"]
    assert payload["errors"][0]["code"] == "INVALID_TRANSITION"


def test_unapproved_seller_cannot_submit(gql):
    business, owner = business_with_owner(status=Business.Status.PENDING)
    product = ProductFactory(business=business, status=Product.Status.DRAFT)
    VariantFactory(product=product)
    payload = gql.login(owner)(SUBMIT, {"id": gid(product)})["data"]["productSubmit"]
    assert payload["errors"][0]["code"] == "BUSINESS_NOT_APPROVED"


def test_renaming_an_approved_product_sends_it_back_for_review(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business, name="Chè xanh")
    payload = gql.login(owner)(UPDATE, {"id": gid(product), "input": {"name": "Chè Shan tuyết cổ thụ"}})
    assert payload["data"]["productUpdate"]["product"] == {
        "name": "Chè Shan tuyết cổ thụ",
        "slug": "che-shan-tuyet-co-thu",
        "status": "PENDING",
    }


def test_ocop_certificate_must_belong_to_the_business_and_sets_stars(gql, seller):
    business, owner = seller
    mine = OcopCertificate.objects.create(
        business=business,
        number="12/QĐ-UBND",
        product_name="Miến",
        group="food",
        stars=4,
        issued_on="2025-01-10",
        expires_on="2028-01-10",
    )
    theirs = OcopCertificate.objects.create(
        business=BusinessFactory(),
        number="13/QĐ-UBND",
        product_name="Chè",
        group="drinks",
        stars=5,
        issued_on="2025-01-10",
        expires_on="2028-01-10",
    )
    category = CategoryFactory()
    gql.login(owner)
    ok = gql(
        CREATE,
        {
            "business": gid(business),
            "input": create_input(
                category,
                ocopCertificate=encode_id("OcopCertificate", mine.pk),
                originCommune=tuyen_quang_commune().code,
            ),
        },
    )
    assert ok["data"]["productCreate"]["product"]["ocopStars"] == 4
    bad = gql(
        CREATE,
        {
            "business": gid(business),
            "input": create_input(category, ocopCertificate=encode_id("OcopCertificate", theirs.pk)),
        },
    )
    assert bad["data"]["productCreate"]["errors"][0]["code"] == "OCOP_CERTIFICATE_NOT_OWNED"


def test_unknown_category_and_commune_are_field_errors(gql, seller):
    business, owner = seller
    gql.login(owner)
    bad_category = gql(
        CREATE,
        {
            "business": gid(business),
            "input": create_input(CategoryFactory(), category=encode_id("Category", 999)),
        },
    )
    assert bad_category["data"]["productCreate"]["errors"][0] == {
        "field": "category",
        "code": "UNKNOWN_CATEGORY",
        "message": "Không tìm thấy danh mục này.",
    }
    bad_commune = gql(
        CREATE, {"business": gid(business), "input": create_input(CategoryFactory(), originCommune="00000")}
    )
    assert bad_commune["data"]["productCreate"]["errors"][0]["field"] == "originCommune"


def test_variant_price_range_follows_variants(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    gql.login(owner)
    first = gql(
        VARIANT_CREATE,
        {
            "product": gid(product),
            "input": {"name": "Gói 200 g", "sku": "CHE-200", "price": 150_000, "unit": "gói", "stock": 5},
        },
    )
    assert first["data"]["productVariantCreate"]["product"] == {"priceMin": 150_000, "priceMax": 150_000}
    second = gql(
        VARIANT_CREATE,
        {
            "product": gid(product),
            "input": {"name": "Hộp 500 g", "sku": "CHE-500", "price": 320_000, "unit": "hộp"},
        },
    )
    assert second["data"]["productVariantCreate"]["product"] == {"priceMin": 150_000, "priceMax": 320_000}
    gql(VARIANT_DELETE, {"id": second["data"]["productVariantCreate"]["variant"]["id"]})
    product.refresh_from_db()
    assert (product.price_min, product.price_max) == (150_000, 150_000)


@pytest.mark.parametrize(
    "changes, field, code",
    [
        ({"price": 0}, "price", "INVALID_PRICE"),
        ({"price": -5}, "price", "INVALID_PRICE"),
        ({"price": 2_000_000_000}, "price", "INVALID_PRICE"),
        ({"stock": -1}, "stock", "INVALID_STOCK"),
        ({"sku": "  "}, "sku", "REQUIRED"),
    ],
)
def test_variant_values_are_validated(gql, seller, changes, field, code):
    business, owner = seller
    product = ProductFactory(business=business)
    data = {"name": "Kg", "sku": "CAM-1", "price": 25_000, "unit": "kg", "stock": 1, **changes}
    payload = gql.login(owner)(VARIANT_CREATE, {"product": gid(product), "input": data})["data"][
        "productVariantCreate"
    ]
    assert {"field": field, "code": code} == {k: payload["errors"][0][k] for k in ("field", "code")}
    assert not ProductVariant.objects.exists()


def test_sku_is_unique_per_business_only(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    VariantFactory(product=ProductFactory(), sku="CAM-1")  # another seller's SKU
    data = {"name": "Kg", "sku": "CAM-1", "price": 25_000, "unit": "kg"}
    gql.login(owner)
    assert (
        gql(VARIANT_CREATE, {"product": gid(product), "input": data})["data"]["productVariantCreate"][
            "errors"
        ]
        == []
    )
    again = gql(VARIANT_CREATE, {"product": gid(product), "input": data})["data"]["productVariantCreate"]
    assert again["errors"][0]["code"] == "SKU_TAKEN"


def test_non_integer_price_is_refused_by_the_schema(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    body = gql.login(owner)(
        VARIANT_CREATE,
        {"product": gid(product), "input": {"name": "Kg", "sku": "A", "price": 25000.5, "unit": "kg"}},
        allow_errors=True,
    )
    assert body["errors"] and not ProductVariant.objects.exists()


def test_deleting_a_product_removes_its_variants(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    VariantFactory(product=product)
    assert gql.login(owner)(DELETE, {"id": gid(product)})["data"]["productDelete"]["errors"] == []
    assert not Product.objects.exists() and not ProductVariant.objects.exists()


def test_deleting_a_product_removes_its_photo_files(gql, seller, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from catalog.images import process_bytes, render_placeholder
    from catalog.services.images import product_image_attach

    business, owner = seller
    product = ProductFactory(business=business)
    image = product_image_attach(
        product_id=product.pk, processed=process_bytes(render_placeholder("Cam", (240, 140, 0)))
    )
    files = [image.image.name, image.thumbnail_200.name, image.thumbnail_600.name]
    assert all(default_storage.exists(name) for name in files)
    with django_capture_on_commit_callbacks(execute=True):
        gql.login(owner)(DELETE, {"id": gid(product)})
    assert not any(default_storage.exists(name) for name in files)


def test_suspending_a_seller_hides_its_products_until_it_is_approved_again(gql, seller):
    from marketplace.businesses.services import business_approve, business_suspend

    business, _ = seller
    ProductFactory(business=business, name="Chè búp")
    ProductFactory(business=business, name="Chè nháp", status=Product.Status.DRAFT)
    listing = "{ products { totalCount edges { node { name } } } }"
    officer = OfficerFactory()
    business_suspend(officer=officer, business_id=business.pk, reason="Kiểm tra chất lượng")
    assert gql(listing)["data"]["products"]["totalCount"] == 0
    business_approve(officer=officer, business_id=business.pk)
    names = [e["node"]["name"] for e in gql(listing)["data"]["products"]["edges"]]
    assert names == ["Chè búp"]


def test_approving_a_product_of_a_suspended_seller_keeps_it_hidden(gql):
    business = BusinessFactory(status=Business.Status.SUSPENDED)
    product = ProductFactory(business=business, status=Product.Status.PENDING)
    gql.login(OfficerFactory())(APPROVE, {"id": gid(product)})
    product.refresh_from_db()
    assert product.status == Product.Status.APPROVED and product.is_public is False
    assert gql.logout()("{ products { totalCount } }")["data"]["products"]["totalCount"] == 0


def test_seller_hides_an_approved_product_from_buyers(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    assert (
        gql.login(owner)(HIDE, {"id": gid(product)})["data"]["productHide"]["product"]["status"] == "HIDDEN"
    )
    assert gql.logout()("{ products { totalCount } }")["data"]["products"]["totalCount"] == 0


def test_overlong_texts_are_field_errors_not_database_errors(gql, seller):
    business, owner = seller
    gql.login(owner)
    long_name = gql(
        CREATE, {"business": gid(business), "input": create_input(CategoryFactory(), name="Chè " * 100)}
    )
    assert long_name["data"]["productCreate"]["errors"][0]["code"] == "TOO_LONG"
    product = ProductFactory(business=business)
    long_sku = gql(
        VARIANT_CREATE,
        {"product": gid(product), "input": {"name": "Kg", "sku": "X" * 65, "price": 1000, "unit": "kg"}},
    )
    assert long_sku["data"]["productVariantCreate"]["errors"][0] == {
        "field": "sku",
        "code": "TOO_LONG",
        "message": "Tối đa 64 ký tự.",
    }
    assert not Product.objects.filter(name__startswith="Chè Chè").exists()


def test_an_officer_who_is_a_member_cannot_approve_its_products(gql, seller):
    business, _ = seller
    officer = OfficerFactory()
    business.memberships.create(user=officer, role="staff")
    product = ProductFactory(business=business, status=Product.Status.PENDING)
    payload = gql.login(officer)(APPROVE, {"id": gid(product)})["data"]["productApprove"]
    assert payload["errors"][0]["code"] == "PERMISSION_DENIED"


def test_expired_certificate_cannot_be_attached(gql, seller):
    business, owner = seller
    expired = OcopCertificate.objects.create(
        business=business,
        number="1/QĐ-UBND",
        product_name="Miến",
        group="food",
        stars=5,
        issued_on="2019-01-10",
        expires_on="2022-01-10",
    )
    body = gql.login(owner)(
        CREATE,
        {
            "business": gid(business),
            "input": create_input(
                CategoryFactory(), ocopCertificate=encode_id("OcopCertificate", expired.pk)
            ),
        },
    )
    assert body["data"]["productCreate"]["errors"][0]["code"] == "OCOP_CERTIFICATE_EXPIRED"


def test_the_last_variant_of_a_product_on_sale_cannot_be_deleted(gql, seller):
    business, owner = seller
    product = ProductFactory(business=business)
    variant = VariantFactory(product=product)
    body = gql.login(owner)(VARIANT_DELETE, {"id": gid(variant)})
    assert body["data"]["productVariantDelete"]["errors"][0]["code"] == "LAST_VARIANT"
    assert product.variants.count() == 1
