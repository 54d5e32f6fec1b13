"""Product photos: accept an upload by its content, strip every byte of metadata, make thumbnails.

Image work and file storage only, no database (the rows are written by `catalog.services.images`).

    process_upload(upload: django.core.files.File) -> ProcessedImage   # raises the errors below
    process_bytes(data: bytes) -> ProcessedImage
    save_processed(product_id: int, processed: ProcessedImage) -> StoredImage
    delete_stored(names: Iterable[str]) -> None                      # never raises
    render_placeholder(text: str, color: tuple[int, int, int]) -> bytes  # 800×800 JPEG, for the seeder

Decoding is bounded: a JPEG is decoded at the reduced size libjpeg offers (1/2, 1/4, 1/8) just
above IMAGE_MAX_SIDE, so even a 40 MP photo costs a few megapixels of memory; PNG and WebP,
which can only be decoded whole, are capped lower (IMAGE_MAX_PIXELS_FULL_DECODE).

What is stored, under `products/<product_id>/` in the default storage, named by one uuid4:
- `<uuid>.jpg`: the photo fitting IMAGE_MAX_SIDE (the largest size any page shows it at),
  re-encoded as JPEG quality 85, or `<uuid>.webp` (lossy, quality 90)
  when it has real transparency (PNG over 16,383 px, WebP's limit); a fully opaque alpha
  channel is dropped so phone screenshots still become JPEG;
- `<uuid>-600.webp`, `<uuid>-200.webp`: thumbnails fitting those boxes, never upscaled.
Nothing from the upload survives but the pixels: the EXIF of a phone photo carries the GPS
position of the farmer's home.
"""

import io
import logging
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from marketplace.errors import DomainError, Required
from marketplace.text import fold_diacritics

logger = logging.getLogger(__name__)

# Pillow's JPEG decoder may report "MPO" (a JPEG with extra preview frames, from some cameras).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
_REDUCED_DECODE_FORMATS = ("JPEG", "MPO")
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_WEBP_MAX_SIDE = 16383
_SRGB = ImageCms.createProfile("sRGB")


class ImageError(DomainError):
    def __init__(self, message=None, *, field: str | None = "image", code: str | None = None):
        super().__init__(message, field=field, code=code)


class ImageRequired(ImageError, Required):
    message = _("Hãy chọn một ảnh sản phẩm để tải lên.")


class UnsupportedImageType(ImageError):
    code = "UNSUPPORTED_IMAGE_TYPE"
    message = _(
        "Chỉ nhận ảnh JPEG, PNG hoặc WebP. "
        "Hãy chọn ảnh chụp từ điện thoại hoặc lưu ảnh sang một trong các định dạng này."
    )


class InvalidImage(ImageError):
    code = "INVALID_IMAGE"
    message = _("Tệp ảnh bị hỏng hoặc chưa được tải lên hết. Hãy thử tải lên lại hoặc chọn ảnh khác.")


class ImageTooLarge(ImageError):
    code = "IMAGE_TOO_LARGE"
    message = _("Ảnh quá lớn. Hãy nén ảnh hoặc chụp với độ phân giải thấp hơn.")

    def __init__(self):
        max_mb = settings.IMAGE_MAX_BYTES // (1024 * 1024)
        super().__init__(
            _(
                "Ảnh quá lớn (tối đa %(max_mb)s MB). Hãy chụp lại với độ phân giải thấp hơn hoặc nén ảnh trước khi tải lên."
            )
            % {"max_mb": max_mb}
        )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:g}".replace(".", ",")  # 12,5: the Vietnamese decimal comma


class ImageTooManyPixels(ImageError):
    code = "IMAGE_TOO_MANY_PIXELS"
    message = _("Ảnh có độ phân giải quá cao. Hãy giảm kích thước ảnh rồi tải lên lại.")

    def __init__(self):
        super().__init__(
            _(
                "Ảnh có độ phân giải quá cao (tối đa %(jpeg_mp)s megapixel với ảnh JPEG, %(other_mp)s "
                "megapixel với PNG và WebP). Hãy giảm kích thước ảnh rồi tải lên lại."
            )
            % {
                "jpeg_mp": _megapixels(settings.IMAGE_MAX_PIXELS),
                "other_mp": _megapixels(settings.IMAGE_MAX_PIXELS_FULL_DECODE),
            }
        )


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes
    extension: str  # "jpg", "webp" or "png"
    width: int
    height: int
    thumbnails: dict[int, bytes]  # box size in px → WebP


@dataclass(frozen=True)
class StoredImage:
    image: str
    thumbnails: dict[int, str]  # box size in px → storage name

    def names(self) -> list[str]:
        return [self.image, *self.thumbnails.values()]


def process_upload(upload) -> ProcessedImage:
    # The size the client declared is checked first so a 2 GB upload is never read; reading one
    # byte over the limit catches a file object that lies about its size.
    limit = settings.IMAGE_MAX_BYTES
    if (getattr(upload, "size", None) or 0) > limit:
        raise ImageTooLarge()
    if hasattr(upload, "seek"):
        upload.seek(0)
    return process_bytes(upload.read(limit + 1))


def process_bytes(data: bytes) -> ProcessedImage:
    if not data:
        raise InvalidImage()
    if len(data) > settings.IMAGE_MAX_BYTES:
        raise ImageTooLarge()
    # Pillow's own bomb guard (a warning above 89 MP, an error above twice that) becomes our
    # error. The filter is process-global for a moment; our own pixel limit, checked before any
    # decoding, is the real guard and does not depend on it.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _decode(data)
            image = _clean(_shrink(image))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooManyPixels() from exc
    return ProcessedImage(
        content=_encode_original(image),
        extension=_original_extension(image),
        width=image.width,
        height=image.height,
        thumbnails={size: _encode_thumbnail(image, size) for size in settings.IMAGE_THUMBNAIL_SIZES},
    )


def _decode(data: bytes) -> Image.Image:
    """Open with the accepted decoders only (no exotic parser ever sees the bytes), check the
    header's dimensions, verify, then decode the pixels."""
    try:
        probe = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError as exc:
        looks_accepted = data.startswith(_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        raise (InvalidImage() if looks_accepted else UnsupportedImageType()) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise
    except Exception as exc:  # any parser failure on untrusted bytes means a broken file
        raise InvalidImage() from exc
    pixels = probe.width * probe.height
    reduced = probe.format in _REDUCED_DECODE_FORMATS
    if pixels > settings.IMAGE_MAX_PIXELS or (not reduced and pixels > settings.IMAGE_MAX_PIXELS_FULL_DECODE):
        raise ImageTooManyPixels()
    try:
        probe.verify()
        # verify() leaves the image unusable, so decode from a fresh parser.
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        if reduced:
            # libjpeg scales while decoding, to the smallest of 1/1…1/8 still covering the box.
            image.draft(None, _fitting(image.size, settings.IMAGE_MAX_SIDE))
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise
    except Exception as exc:
        raise InvalidImage() from exc
    return image


def _fitting(size: tuple[int, int], box: int) -> tuple[int, int]:
    scale = min(1.0, box / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _shrink(image: Image.Image) -> Image.Image:
    """Down to IMAGE_MAX_SIDE before anything copies the pixels (colour conversion, rotation)."""
    box = settings.IMAGE_MAX_SIDE
    if max(image.size) <= box:
        return image
    if image.mode in ("1", "P"):  # palettes resize only by nearest neighbour
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode.startswith("I;16"):
        image = image.convert("I")
    # Whole-factor box reduction first (fast, no filter over 16 MP), then Lanczos for the rest;
    # both keep `info` (EXIF orientation, ICC profile) for _clean to read.
    if (factor := max(image.size) // box) >= 2:
        image = image.reduce(factor)
    image.thumbnail((box, box), Image.Resampling.LANCZOS)
    return image


def _clean(image: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB or RGBA, and no `info` left for an encoder to copy."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # broken EXIF must not cost the farmer the photo; it is dropped anyway
        logger.info("Ignoring unreadable EXIF orientation", exc_info=True)
    icc = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit greyscale PNG
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if has_alpha:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] == 255:
            has_alpha = False
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        # Phones tag photos with wide-gamut profiles (Display P3); dropping the profile without
        # converting would dull the colours, so convert to sRGB, which browsers assume.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGBA" if has_alpha else "RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.info("Ignoring unusable ICC profile", exc_info=True)
    clean = image.convert("RGBA" if has_alpha else "RGB")  # always a new image object
    clean.info = {}
    return clean


def _original_extension(image: Image.Image) -> str:
    if image.mode != "RGBA":
        return "jpg"
    return "webp" if max(image.size) <= _WEBP_MAX_SIDE else "png"


def _encode_original(image: Image.Image) -> bytes:
    out = io.BytesIO()
    extension = _original_extension(image)
    if extension == "jpg":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif extension == "webp":
        image.save(out, "WEBP", quality=90, method=4)
    else:
        image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _encode_thumbnail(image: Image.Image, box: int) -> bytes:
    if image.width > box or image.height > box:
        scale = box / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        # reducing_gap first shrinks by whole factors, so a 40 MP photo takes milliseconds.
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def save_processed(product_id: int, processed: ProcessedImage) -> StoredImage:
    """Write the original and its thumbnails; on a failure, remove what was already written."""
    stem = f"products/{int(product_id)}/{uuid.uuid4().hex}"
    written: list[str] = []
    try:
        written.append(default_storage.save(f"{stem}.{processed.extension}", ContentFile(processed.content)))
        thumbnails = {}
        for size, content in processed.thumbnails.items():
            thumbnails[size] = default_storage.save(f"{stem}-{size}.webp", ContentFile(content))
            written.append(thumbnails[size])
    except BaseException:
        delete_stored(written)
        raise
    return StoredImage(image=written[0], thumbnails=thumbnails)


def delete_stored(names: Iterable[str]) -> None:
    """Best effort: runs after a commit or a rollback, where raising would help nobody."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("Could not delete product image file %s", name, exc_info=True)


def render_placeholder(text: str, color: tuple[int, int, int]) -> bytes:
    """An 800×800 JPEG of `text` on `color`, for demo products that have no photo.

    Pillow's bundled font covers ASCII only, so Vietnamese is written without diacritics
    rather than as empty boxes."""
    image = Image.new("RGB", (800, 800), tuple(color))
    luminance = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2]
    ink = (20, 20, 20) if luminance > 150 else (250, 250, 250)
    lines = _wrap(fold_diacritics(text).strip() or "Cho So", width=18)[:5]
    ImageDraw.Draw(image).multiline_text(
        (400, 400),
        "\n".join(lines),
        fill=ink,
        font=ImageFont.load_default(size=64),
        anchor="mm",
        align="center",
        spacing=16,
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _wrap(text: str, *, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
