"""A table's photo of its paper prototype is in the report an official forwards: on the
prototype's page in the PDF and the HTML page, and in the DOCX; the data tables stay text."""

from __future__ import annotations

import base64
import io

import docx
import pypdf
from PIL import Image

from workshop.reports.render import render


def with_photo(record):
    """The workshop demo's first visible prototype, photographed (a 1600 x 1200 JPEG)."""
    image = Image.new("RGB", (1600, 1200), (230, 180, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    prototype = next(p for p in record["prototypes"] if not p["hidden"])
    prototype["photo"] = {
        "width": 1600,
        "height": 1200,
        "jpeg_base64": base64.b64encode(out.getvalue()).decode("ascii"),
    }
    return record, prototype


def test_the_pdf_shows_the_photo_of_the_paper_prototype(report_app, demo_record):
    record, _prototype = with_photo(demo_record("workshop"))
    with report_app.app_context():
        plain = render([demo_record("workshop")], "pdf")
        photographed = render([record], "pdf")

    def images(data: bytes) -> list:
        return [image for page in pypdf.PdfReader(io.BytesIO(data)).pages for image in page.images]

    assert images(plain) == []
    found = images(photographed)
    assert found and {image.image.size for image in found} == {(1600, 1200)}, [
        (image.name, image.image.size) for image in found
    ]


def test_the_html_report_carries_the_photo_inside_itself(report_app, demo_record):
    record, prototype = with_photo(demo_record("workshop"))
    with report_app.app_context():
        page = render([record], "html").decode()

    assert f'src="data:image/jpeg;base64,{prototype["photo"]["jpeg_base64"]}"' in page
    assert 'alt="Photo of the paper prototype"' in page


def test_the_docx_has_the_photo_within_the_page_width(report_app, demo_record):
    record, _prototype = with_photo(demo_record("workshop"))
    with report_app.app_context():
        document = docx.Document(io.BytesIO(render([record], "docx")))

    [shape] = document.inline_shapes
    section = document.sections[0]
    assert shape.width <= section.page_width - section.left_margin - section.right_margin
    assert abs(shape.width / shape.height - 4 / 3) < 0.01


def test_the_data_tables_leave_the_photo_out(report_app, demo_record):
    record, _prototype = with_photo(demo_record("workshop"))
    with report_app.app_context():
        csv = render([record], "csv")

    assert b"jpeg_base64" not in csv and len(csv) < 200_000
