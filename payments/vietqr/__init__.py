"""VietQR (NAPAS 247) payloads and their QR images."""

from payments.vietqr.images import qr_png, qr_svg
from payments.vietqr.payload import VietQR, build_payload, crc16_ccitt_false, parse_payload

__all__ = ["VietQR", "build_payload", "crc16_ccitt_false", "parse_payload", "qr_png", "qr_svg"]
