import io
import struct
import zlib
from pathlib import Path
from unittest.mock import Mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from PIL import Image, ImageCms, ImageFile

from catalog.images import (
    ImageTooLarge,
    ImageTooManyPixels,
    InvalidImage,
    UnsupportedImageType,
    process_bytes,
    process_upload,
    render_placeholder,
)
from catalog.models import ProductImage
from catalog.services.images import product_image_add, product_image_attach, product_image_remove
from marketplace.errors import NotAuthenticated, NotFound, PermissionDenied
from marketplace.graphql.ids import decode_id, encode_id
from tests.factories import OfficerFactory, ProductFactory, UserFactory, business_with_owner

CREATE = """mutation ($product: ID!, $image: Upload, $alt: String) {
  productImageCreate(product: $product, image: $image, alt: $alt) {
    image { id url thumbnailUrl smallThumbnailUrl width height alt } errors { field code message } } }"""
DELETE = "mutation ($id: ID!) { productImageDelete(id: $id) { errors { field code message } } }"
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Description"}


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    image.save(out := io.BytesIO(), fmt, **options)
    return out.getvalue()


def photo(size=(1600, 1200), color=(40, 120, 60)) -> bytes:
    return encode(Image.new("RGB", size, color), "JPEG")


def upload(content: bytes, name="anh.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A few hundred bytes that declare a huge RGB picture: the decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def stored(name: str) -> Image.Image:
    with default_storage.open(name) as f:
        return Image.open(io.BytesIO(f.read()))


def product_files(product_id) -> list[Path]:
    folder = Path(default_storage.path(f"products/{product_id}"))
    return sorted(folder.iterdir()) if folder.exists() else []


def create_over_multipart(gql, product, content: bytes | None, **variables) -> dict:
    files = {"variables.image": upload(content)} if content is not None else {}
    body = gql.upload(
        CREATE, {"product": encode_id("Product", product.pk), "image": None, **variables}, files
    )
    return body["data"]["productImageCreate"]


@pytest.fixture
def seller_product(db):
    business, owner = business_with_owner()
    return owner, ProductFactory(business=business)


def test_png_named_jpg_is_read_as_png_and_keeps_its_transparency():
    cutout = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    cutout.paste((200, 30, 30, 255), (100, 50, 200, 150))
    processed = process_upload(upload(encode(cutout, "PNG"), name="anh.jpg", content_type="image/jpeg"))
    assert processed.extension == "webp"
    reopened = Image.open(io.BytesIO(processed.content))
    assert reopened.mode == "RGBA" and reopened.getpixel((5, 5))[3] == 0


def test_opaque_png_is_stored_as_jpeg():
    assert process_bytes(encode(Image.new("RGBA", (50, 50), (9, 9, 9, 255)), "PNG")).extension == "jpg"


@pytest.mark.parametrize(
    "content",
    [
        b"Xin chao, day khong phai la anh.",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        encode(Image.new("P", (20, 20)), "GIF"),
        encode(Image.new("RGB", (20, 20)), "BMP"),
    ],
    ids=["text", "pdf", "svg", "gif", "bmp"],
)
def test_non_images_and_other_formats_named_jpg_are_refused(content):
    with pytest.raises(UnsupportedImageType) as caught:
        process_upload(upload(content, name="anh.jpg", content_type="image/jpeg"))
    assert caught.value.code == "UNSUPPORTED_IMAGE_TYPE" and caught.value.field == "image"


@pytest.mark.parametrize(
    "content",
    [
        photo()[:2000],
        encode(Image.effect_noise((400, 400), 60).convert("RGB"), "PNG")[:3000],
        b"\xff\xd8\xff\xe0" + b"\0" * 500,
        b"",
    ],
    ids=["truncated-jpeg", "truncated-png", "jpeg-magic-then-garbage", "empty"],
)
def test_truncated_or_corrupt_files_are_invalid(content):
    with pytest.raises(InvalidImage) as caught:
        process_bytes(content)
    assert caught.value.code == "INVALID_IMAGE"


def test_a_file_over_the_byte_limit_is_refused_before_decoding(settings, monkeypatch):
    settings.IMAGE_MAX_BYTES = 1000
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded a file that was too big"))
    with pytest.raises(ImageTooLarge) as caught:
        process_upload(upload(photo()))
    assert caught.value.code == "IMAGE_TOO_LARGE"
    assert "Ảnh quá lớn" in str(caught.value.message)


@pytest.mark.parametrize(
    ("max_pixels", "width", "height"),
    [
        (40_000_000, 8000, 6000),  # our limit, read from the header
        (10**9, 10_000, 10_000),  # Pillow's DecompressionBombWarning
        (10**9, 20_000, 20_000),  # Pillow's DecompressionBombError
    ],
)
def test_decompression_bomb_is_refused_without_decoding_pixels(
    settings, monkeypatch, max_pixels, width, height
):
    settings.IMAGE_MAX_PIXELS = max_pixels
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded the bomb's pixels"))
    with pytest.raises(ImageTooManyPixels) as caught:
        process_bytes(png_header_only(width, height))
    assert caught.value.code == "IMAGE_TOO_MANY_PIXELS"


@pytest.mark.parametrize("icc", [b"", ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()])
def test_gps_and_all_metadata_are_stripped_and_orientation_applied(seller_product, icc):
    owner, product = seller_product
    sideways = Image.new("RGB", (60, 40), (220, 20, 20))
    sideways.paste((20, 20, 220), (30, 0, 60, 40))  # left red, right blue, as the sensor saw it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (21.0, 49.0, 12.0), 3: "E", 4: (105.0, 12.0, 30.0)}  # GPS IFD
    content = encode(sideways, "JPEG", exif=exif, icc_profile=icc, comment=b"nha ong A", xmp=b"<x:xmpmeta/>")
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    row = product_image_add(user=owner, product_id=product.pk, upload=upload(content))
    assert (row.width, row.height) == (40, 60)
    for name in (row.image.name, row.thumbnail_600.name, row.thumbnail_200.name):
        image = stored(name)
        assert image.size == (40, 60)
        assert not dict(image.getexif()) and not METADATA_KEYS & set(image.info), image.info
        top, bottom = image.convert("RGB").getpixel((20, 5)), image.convert("RGB").getpixel((20, 55))
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # the left (red) half is now on top


def test_thumbnails_are_webp_fitting_200_and_600_and_never_upscaled(seller_product):
    owner, product = seller_product
    big = product_image_add(user=owner, product_id=product.pk, upload=upload(photo((1600, 1200))))
    files = [stored(name) for name in (big.image.name, big.thumbnail_600.name, big.thumbnail_200.name)]
    assert [(f.format, f.size) for f in files] == [
        ("JPEG", (1600, 1200)),
        ("WEBP", (600, 450)),
        ("WEBP", (200, 150)),
    ]
    small = product_image_add(user=owner, product_id=product.pk, upload=upload(photo((120, 90))))
    assert stored(small.thumbnail_600.name).size == stored(small.thumbnail_200.name).size == (120, 90)


def test_sixteen_bit_greyscale_png_keeps_its_tones():
    grey = Image.new("I;16", (30, 30), 32768)
    pixel = Image.open(io.BytesIO(process_bytes(encode(grey, "PNG")).content)).convert("L").getpixel((15, 15))
    assert 120 <= pixel <= 136


def test_files_go_under_the_product_with_random_names_and_positions_follow(seller_product):
    owner, product = seller_product
    first = product_image_add(user=owner, product_id=product.pk, upload=upload(photo()), alt="Miến dong")
    second = product_image_add(user=owner, product_id=product.pk, upload=upload(photo()))
    assert (first.position, second.position, first.alt) == (0, 1, "Miến dong")
    assert first.image.name != second.image.name
    for row in (first, second):
        for name in (row.image.name, row.thumbnail_200.name, row.thumbnail_600.name):
            folder, filename = name.rsplit("/", 1)
            assert folder == f"products/{product.pk}" and len(filename.split(".")[0].split("-")[0]) == 32
    assert len(product_files(product.pk)) == 6


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("officer", PermissionDenied),
        ("other_seller", PermissionDenied),
        ("anonymous", NotAuthenticated),
    ],
)
def test_only_members_of_the_seller_may_add_photos(seller_product, who, error):
    _owner, product = seller_product
    make = {
        "officer": OfficerFactory,
        "other_seller": lambda: business_with_owner()[1],
        "anonymous": lambda: None,
    }
    user = make[who]()
    with pytest.raises(error):
        product_image_add(user=user, product_id=product.pk, upload=upload(photo()))
    assert not ProductImage.objects.exists() and not product_files(product.pk)


def test_adding_to_a_missing_product_is_not_found(db):
    with pytest.raises(NotFound):
        product_image_add(user=UserFactory(), product_id=999_999, upload=upload(photo()))


def test_files_are_removed_when_the_row_cannot_be_written(seller_product, monkeypatch):
    owner, product = seller_product
    monkeypatch.setattr(ProductImage, "save", Mock(side_effect=DatabaseError("could not extend file")))
    with pytest.raises(DatabaseError):
        product_image_add(user=owner, product_id=product.pk, upload=upload(photo()))
    assert not product_files(product.pk)


def test_files_shared_with_another_row_survive_its_removal(
    seller_product, django_capture_on_commit_callbacks
):
    owner, product = seller_product
    row = product_image_add(user=owner, product_id=product.pk, upload=upload(photo()))
    shared = ProductImage.objects.create(
        product=ProductFactory(business=product.business),
        image=row.image.name,
        thumbnail_200=row.thumbnail_200.name,
        thumbnail_600=row.thumbnail_600.name,
        width=1,
        height=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        product_image_remove(user=owner, image_id=row.pk)
    assert len(product_files(product.pk)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        product_image_remove(user=owner, image_id=shared.pk)
    assert not product_files(product.pk)


def test_another_seller_cannot_remove_a_photo(seller_product):
    owner, product = seller_product
    row = product_image_add(user=owner, product_id=product.pk, upload=upload(photo()))
    with pytest.raises(PermissionDenied):
        product_image_remove(user=business_with_owner()[1], image_id=row.pk)
    assert ProductImage.objects.filter(pk=row.pk).exists()


def test_placeholder_goes_through_the_same_pipeline(seller_product):
    _owner, product = seller_product
    content = render_placeholder("Chè Shan Tuyết Na Hang", (30, 110, 60))
    picture = Image.open(io.BytesIO(content))
    assert (picture.format, picture.size) == ("JPEG", (800, 800))
    assert max(abs(a - b) for a, b in zip(picture.getpixel((5, 5)), (30, 110, 60))) < 8
    assert len(picture.crop((100, 300, 700, 500)).getcolors(maxcolors=100_000)) > 10  # the text was drawn
    row = product_image_attach(product_id=product.pk, processed=process_bytes(content), alt="Chè")
    assert (row.width, row.height, row.position) == (800, 800, 0)


def test_seller_uploads_a_photo_over_multipart(gql, seller_product):
    owner, product = seller_product
    png = encode(Image.new("RGB", (900, 300), (1, 2, 3)), "PNG")
    payload = create_over_multipart(gql.login(owner), product, png, alt="Miến dong")
    assert payload["errors"] == []
    image = payload["image"]
    row = ProductImage.objects.get(pk=decode_id(image["id"], "ProductImage"))
    assert (image["width"], image["height"], image["alt"]) == (900, 300, "Miến dong")
    assert image["url"] == f"/media/{row.image.name}" and image["url"].endswith(".jpg")
    assert image["thumbnailUrl"].endswith("-600.webp") and image["smallThumbnailUrl"].endswith("-200.webp")


def test_upload_by_a_seller_of_another_business_is_refused(gql, seller_product):
    _owner, product = seller_product
    payload = create_over_multipart(gql.login(business_with_owner()[1]), product, photo())
    assert payload["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not ProductImage.objects.exists()


def test_unsupported_file_comes_back_as_an_error_on_the_image_field(gql, seller_product):
    owner, product = seller_product
    payload = create_over_multipart(gql.login(owner), product, b"%PDF-1.4 giay chung nhan")
    assert payload["errors"] == [
        {
            "field": "image",
            "code": "UNSUPPORTED_IMAGE_TYPE",
            "message": str(UnsupportedImageType.message),
        }
    ]


@pytest.mark.parametrize("send", ["multipart-without-file", "json-string"])
def test_missing_upload_is_a_required_error_not_a_crash(gql, seller_product, send):
    owner, product = seller_product
    gql.login(owner)
    if send == "json-string":
        body = gql(CREATE, {"product": encode_id("Product", product.pk), "image": "anh.jpg"})
        payload = body["data"]["productImageCreate"]
    else:
        payload = create_over_multipart(gql, product, None)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("image", "REQUIRED")]


def test_seller_deletes_a_photo_and_its_files_go_after_commit(
    gql, seller_product, django_capture_on_commit_callbacks
):
    owner, product = seller_product
    row = product_image_add(user=owner, product_id=product.pk, upload=upload(photo()))
    with django_capture_on_commit_callbacks() as callbacks:
        body = gql.login(owner)(DELETE, {"id": encode_id("ProductImage", row.pk)})
    assert body["data"]["productImageDelete"]["errors"] == [] and not ProductImage.objects.exists()
    assert len(product_files(product.pk)) == 3
    for callback in callbacks:
        callback()
    assert not product_files(product.pk)


def test_upload_query_count(gql, seller_product, django_assert_num_queries):
    owner, product = seller_product
    gql.login(owner)
    # user, product's seller, membership; the hourly count: savepoint + user lock + purge + recent
    # uploads + insert + release; then savepoint + product lock + max position + insert + release
    with django_assert_num_queries(14):
        assert create_over_multipart(gql, product, photo((200, 200)))["errors"] == []
