import factory
from django.utils import timezone

from catalog.models import Category, Product, ProductVariant
from marketplace.accounts.models import User
from marketplace.businesses.models import Business, BusinessMember
from marketplace.businesses.tax_code import tax_code_from_serial
from marketplace.regions.models import Commune, Province
from marketplace.text import vietnamese_slugify

PASSWORD = "mat-khau-thu-nghiem"


def tuyen_quang_commune(code: str = "02269") -> Commune:
    province, _ = Province.objects.get_or_create(code="08", defaults={"name": "Tuyên Quang", "kind": "tỉnh"})
    commune, _ = Commune.objects.get_or_create(
        code=code, defaults={"name": f"Xã {code}", "kind": Commune.Kind.COMMUNE, "province": province}
    )
    return commune


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    role = User.Role.TRADE_OFFICER


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Sequence(lambda n: f"Hợp tác xã Chè Shan Tuyết số {n}")
    kind = Business.Kind.COOPERATIVE
    tax_code = factory.Sequence(lambda n: tax_code_from_serial(n, province_prefix="51"))
    representative_name = "Nguyễn Văn An"
    phone = "+84912345678"
    address_line = "Thôn Bản Tát"
    commune = factory.LazyFunction(tuyen_quang_commune)
    status = Business.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


def business_with_owner(**kwargs) -> tuple[Business, User]:
    owner = UserFactory()
    business = BusinessFactory(**kwargs)
    BusinessMember.objects.create(business=business, user=owner, role=BusinessMember.Role.OWNER)
    return business, owner


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Thực phẩm"
    slug = factory.LazyAttribute(lambda o: vietnamese_slugify(o.name))
    ocop_group = "food"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business = factory.SubFactory(BusinessFactory)
    name = factory.Sequence(lambda n: f"Miến dong Na Hang {n}")
    slug = factory.LazyAttribute(lambda o: vietnamese_slugify(o.name))
    description = "Miến dong làm thủ công từ củ dong riềng."
    category = factory.SubFactory(CategoryFactory)
    origin_commune = factory.LazyFunction(tuyen_quang_commune)
    status = Product.Status.APPROVED
    is_public = factory.LazyAttribute(
        lambda o: o.status == Product.Status.APPROVED and o.business.status == Business.Status.APPROVED
    )


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    business = factory.LazyAttribute(lambda o: o.product.business)
    name = "Gói 500 g"
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    price = 50_000
    unit = "gói"
    stock = 10
    weight_grams = 500

    @factory.post_generation
    def _refresh_product_prices(obj, create, extracted, **kwargs):
        if create:
            from django.db.models import Max, Min

            prices = obj.product.variants.aggregate(lo=Min("price"), hi=Max("price"))
            Product.objects.filter(pk=obj.product_id).update(price_min=prices["lo"], price_max=prices["hi"])
            obj.product.price_min, obj.product.price_max = prices["lo"], prices["hi"]
