"""QR images of a VietQR payload, drawn by segno (a maintained QR encoder), never by hand."""

import io

import segno

# Level M survives a crease or a smudge on a printed stall sign; the payloads are short
# (~100 characters) so the symbol stays small.
ERROR_LEVEL = "m"


def _qr(payload: str):
    return segno.make_qr(payload, error=ERROR_LEVEL, boost_error=False)


def qr_svg(payload: str, *, scale: int = 8, border: int = 4, fit: bool = True) -> str:
    """An SVG document (no XML declaration, so it can be inlined in HTML). `fit` (the default)
    leaves out width and height for a viewBox, so the page sizes it: a fixed 392 px square is
    cut off, quiet zone and all, on a 360 px phone. Without `fit` it is `scale` px per module."""
    out = io.BytesIO()
    _qr(payload).save(
        out, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, svgclass=None, omitsize=fit
    )
    return out.getvalue().decode("utf-8")


def qr_png(payload: str, *, scale: int = 8, border: int = 4) -> bytes:
    out = io.BytesIO()
    _qr(payload).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
