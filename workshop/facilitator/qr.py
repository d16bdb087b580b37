"""The join QR code as inline SVG: crisp at any projector size, no image request."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(url: str, label: str = "") -> Markup:
    """An ``<svg>`` element encoding ``url``, scaled by CSS (no fixed width/height).

    Always dark modules on a white quiet zone, whatever the page colours: phone cameras read
    that best off a projector.
    """
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration and fixed size so the element can sit inline and scale.
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    size = re.search(r'viewBox="0 0 (\d+) ', svg)
    side = size.group(1) if size else "100"
    svg = svg.replace(
        "<svg ",
        f'<svg class="qr" role="img" aria-label="{escape(label)}" ',
        1,
    )
    head, _, tail = svg.partition(">")
    svg = f'{head}><rect width="{side}" height="{side}" fill="#fff"/>{tail}'
    return Markup(svg)
