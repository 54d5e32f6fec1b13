"""Decoding is bounded in memory, and each account uploads a limited number of photos an hour."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, JpegImagePlugin

from catalog.images import ImageTooManyPixels, process_bytes
from catalog.models import ImageUpload, ProductImage
from catalog.services.images import product_image_add
from marketplace.errors import DomainError
from tests.factories import ProductFactory, business_with_owner
from tests.parallel import run_in_parallel


def encode(image: Image.Image, fmt: str) -> bytes:
    image.save(out := io.BytesIO(), fmt)
    return out.getvalue()


def test_a_big_jpeg_is_decoded_at_a_reduced_size(settings, monkeypatch):
    settings.IMAGE_MAX_SIDE = 1600
    decoded_sizes = []
    load = JpegImagePlugin.JpegImageFile.load

    def recording_load(self):
        decoded_sizes.append(self.size)  # the size libjpeg will decode to, after draft()
        return load(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", recording_load)

    processed = process_bytes(encode(Image.new("RGB", (6400, 4800), (40, 120, 60)), "JPEG"))

    assert decoded_sizes[0] == (1600, 1200)  # 1/4 of the pixels each way: 1/16 of the memory
    assert (processed.width, processed.height) == (1600, 1200)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_formats_decoded_whole_have_a_lower_pixel_cap_than_jpeg(settings, fmt):
    settings.IMAGE_MAX_PIXELS, settings.IMAGE_MAX_PIXELS_FULL_DECODE = 40_000_000, 1_000_000
    content = encode(Image.new("RGB", (1100, 1000), (40, 120, 60)), fmt)

    with pytest.raises(ImageTooManyPixels) as refused:
        process_bytes(content)

    assert "40 megapixel với ảnh JPEG" in str(refused.value.message)
    assert "1 megapixel với PNG và WebP" in str(refused.value.message)


def test_a_jpeg_of_the_same_size_is_accepted_under_the_jpeg_cap(settings):
    settings.IMAGE_MAX_PIXELS, settings.IMAGE_MAX_PIXELS_FULL_DECODE = 40_000_000, 1_000_000

    processed = process_bytes(encode(Image.new("RGB", (1100, 1000), (40, 120, 60)), "JPEG"))

    assert (processed.width, processed.height) == (1100, 1000)


def test_the_stored_photo_fits_the_largest_size_pages_show(settings):
    settings.IMAGE_MAX_SIDE = 800
    transparent = Image.new("RGBA", (2000, 1000), (40, 120, 60, 100))

    processed = process_bytes(encode(transparent, "PNG"))

    assert (processed.width, processed.height, processed.extension) == (800, 400, "webp")


@pytest.fixture
def seller_product(db):
    business, owner = business_with_owner()
    return owner, ProductFactory(business=business)


def upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "anh.jpg", encode(Image.new("RGB", (40, 30)), "JPEG"), content_type="image/jpeg"
    )


def test_an_account_uploads_at_most_the_hourly_limit(settings, seller_product):
    settings.IMAGE_UPLOADS_PER_HOUR = 3
    owner, product = seller_product
    for _ in range(3):
        product_image_add(user=owner, product_id=product.pk, upload=upload())

    with pytest.raises(DomainError) as refused:
        product_image_add(user=owner, product_id=product.pk, upload=upload())

    assert refused.value.code == "UPLOAD_LIMIT_REACHED" and refused.value.field == "image"
    assert "tối đa 3 ảnh mỗi giờ" in str(refused.value.message)
    assert "60 phút" in str(refused.value.message)
    assert ProductImage.objects.count() == 3


def test_deleting_photos_does_not_give_uploads_back(settings, seller_product):
    settings.IMAGE_UPLOADS_PER_HOUR = 2
    owner, product = seller_product
    for _ in range(2):
        product_image_add(user=owner, product_id=product.pk, upload=upload())
    ProductImage.objects.all().delete()

    with pytest.raises(DomainError) as refused:
        product_image_add(user=owner, product_id=product.pk, upload=upload())

    assert refused.value.code == "UPLOAD_LIMIT_REACHED"


def test_uploads_older_than_an_hour_no_longer_count(settings, seller_product):
    settings.IMAGE_UPLOADS_PER_HOUR = 2
    owner, product = seller_product
    for _ in range(2):
        product_image_add(user=owner, product_id=product.pk, upload=upload())
    ImageUpload.objects.update(created_at=ImageUpload.objects.first().created_at - timedelta(minutes=61))

    product_image_add(user=owner, product_id=product.pk, upload=upload())

    assert ImageUpload.objects.count() == 1  # the old ones were cleared away


def test_the_limit_is_per_account(settings, seller_product):
    settings.IMAGE_UPLOADS_PER_HOUR = 1
    owner, product = seller_product
    product_image_add(user=owner, product_id=product.pk, upload=upload())
    other_business, other_owner = business_with_owner()
    other_product = ProductFactory(business=other_business)

    product_image_add(user=other_owner, product_id=other_product.pk, upload=upload())

    assert ProductImage.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_cannot_exceed_the_limit(settings):
    settings.IMAGE_UPLOADS_PER_HOUR = 3
    business, owner = business_with_owner()
    product = ProductFactory(business=business)

    results = run_in_parallel(
        *[lambda: product_image_add(user=owner, product_id=product.pk, upload=upload()) for _ in range(8)]
    )

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 5 and {r.code for r in refused} == {"UPLOAD_LIMIT_REACHED"}
    assert ProductImage.objects.count() == 3


def test_the_pixel_limits_are_stated_with_a_decimal_comma(settings):
    settings.IMAGE_MAX_PIXELS, settings.IMAGE_MAX_PIXELS_FULL_DECODE = 40_000_000, 12_500_000

    assert "12,5 megapixel với PNG và WebP" in str(ImageTooManyPixels().message)
