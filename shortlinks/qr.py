"""QR codes for short links, made with segno (pure Python, no image library needed, SVG and PNG)."""

import io

import segno

# Error correction level M (15% of the code may be damaged or covered) and the standard quiet zone of 4 modules:
# readable from a projected slide or a printed page by any phone camera.
ERROR_CORRECTION = "m"
BORDER = 4


def _qr(url: str):
    return segno.make_qr(url, error=ERROR_CORRECTION, boost_error=False)


def qr_svg(url: str, title: str = "") -> bytes:
    """A scalable SVG, black on white, with a <title> for assistive technology."""
    buffer = io.BytesIO()
    _qr(url).save(
        buffer, kind="svg", scale=10, border=BORDER, dark="#000", light="#fff", title=title or url, xmldecl=True
    )
    return buffer.getvalue()


def qr_png(url: str, scale: int = 12) -> bytes:
    """A PNG of ``scale`` pixels per module (about 500 px square for a short URL), black on white."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return buffer.getvalue()
