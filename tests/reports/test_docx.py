"""The DOCX report, reopened with python-docx: what an official editing it in Word would find."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from workshop.reports.docx_export import _ORDER_BY_QN
from workshop.reports.render import render

HOSTILE_CARD = "<script>alert(1)</script>"
HOSTILE_TITLE = "=SUM(A1)"


@pytest.fixture
def make_docx(report_app):
    """``make_docx(records, "ar")``: the report rendered as DOCX bytes."""

    def make(records: list[dict[str, Any]], language: str = "en") -> bytes:
        with report_app.test_request_context():
            return render(records, "docx", language)

    return make


def reopen(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def blocks(document: Document) -> list[Paragraph | Table]:
    """Paragraphs and tables of the body, in reading order."""
    out: list[Paragraph | Table] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            out.append(Paragraph(element, document))
        elif element.tag == qn("w:tbl"):
            out.append(Table(element, document))
    return out


def styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def all_text(document: Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def visible(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p
        for p in record["problems"]
        if not p["hidden"] and p["approved"] and p["merged_into"] is None
    ]


def test_the_report_is_built_of_word_headings_an_official_can_navigate(demo_record, make_docx):
    record = demo_record("workshop")
    document = reopen(make_docx([record]))

    assert styled(document, "Title") == [record["workshop"]["title"]]
    assert "At a glance" in styled(document, "Heading 1")
    assert "How this session was run" in styled(document, "Heading 1")
    assert "Who took part" in styled(document, "Heading 2")
    titles = [p["title"] for p in record["prototypes"] if not p["hidden"]]
    headings = styled(document, "Heading 3")
    for title in titles:
        assert any(h.endswith(title) for h in headings)


def test_contents_is_a_word_toc_field_and_pages_are_numbered_on_a4(demo_record, make_docx):
    record = demo_record("workshop")
    document = reopen(make_docx([record]))

    instructions = [i.text for i in document.element.body.iter(qn("w:instrText"))]
    assert any('TOC \\o "1-3" \\h \\z \\u' in i for i in instructions)
    footer = document.sections[0].footer._element
    assert any("PAGE" in i.text for i in footer.iter(qn("w:instrText")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.title == record["workshop"]["title"]
    assert document.core_properties.language == "en"


def test_every_visible_card_and_prototype_title_is_in_the_report(demo_record, make_docx):
    record = demo_record("workshop")
    text = all_text(reopen(make_docx([record])))

    for problem in visible(record):
        assert problem["text"] in text
    for prototype in record["prototypes"]:
        if not prototype["hidden"]:
            assert prototype["title"] in text


def test_each_prototypes_dots_table_adds_up_to_its_dots_in_the_record(demo_record, make_docx):
    record = demo_record("workshop")
    document = reopen(make_docx([record]))

    found: dict[str, int] = {}
    title = None
    for block in blocks(document):
        if isinstance(block, Paragraph) and block.style.name == "Heading 3":
            title = block.text
        elif isinstance(block, Table) and title and rows(block)[0][:2] == ["Role", "Dots"]:
            found[title] = sum(int(row[1]) for row in rows(block)[1:])
            assert block.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
            title = None
    expected = {p["title"]: p["dots"]["total"] for p in record["prototypes"] if not p["hidden"]}
    assert len(found) == len(expected)
    for heading, dots in found.items():
        (name,) = [t for t in expected if heading.endswith(t)]
        assert dots == expected[name]


def test_small_groups_read_fewer_than_3_and_pooled_dots_name_the_pool(demo_record, make_docx):
    record = demo_record("workshop")
    document = reopen(make_docx([record]))

    by_table = next(t for t in document.tables if rows(t)[0][0] == "Table")
    for theme in record["themes"]:
        counts = record["participation"]["by_table"].get(str(theme["id"]), {})
        row = next(r for r in rows(by_table)[1:] if r[0] == theme["name"])
        for column, role in enumerate(("resident", "decision_maker", "other"), start=2):
            n = counts.get(role, 0)
            assert row[column] == ("fewer than 3" if 0 < n < 3 else str(n))
    assert "fewer than 3" in row
    dots_groups = [
        r[0] for t in document.tables if rows(t)[0][:2] == ["Role", "Dots"] for r in rows(t)[1:]
    ]
    assert "Residents + Others" in dots_groups


def test_the_gap_between_residents_and_decision_makers_reads_as_a_sentence(demo_record, make_docx):
    text = all_text(reopen(make_docx([demo_record("workshop")])))

    assert "share of their dots" in text
    assert "points more)." in text


def test_a_translation_sits_under_its_original_and_says_it_is_one(demo_record, make_docx):
    record = demo_record("workshop")
    card = visible(record)[0]
    card["language"] = "ar"
    card["text"] = "لا أحد يشرح كيفية التسجيل"
    card["translations"] = [
        {"language": "en", "text": "Nobody explains enrolment", "machine": True}
    ]
    document = reopen(make_docx([record]))

    paragraphs = [p.text for p in document.paragraphs]
    at = paragraphs.index(card["text"])
    assert paragraphs[at + 1] == "Nobody explains enrolment (Machine translation)"
    original = document.paragraphs[at]
    assert original._p.pPr.find(qn("w:bidi")) is not None  # Arabic card, English report
    assert original.runs[0]._r.rPr.find(qn("w:rtl")) is not None


@pytest.mark.parametrize(("language", "word_language"), [("ar", "ar-SA"), ("ur", "ur-PK")])
def test_an_arabic_or_urdu_report_runs_right_to_left(
    demo_record, make_docx, language, word_language
):
    document = reopen(make_docx([demo_record("workshop")], language))

    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p._p.pPr.find(qn("w:bidi")) is not None for p in headings)
    assert all(p._p.pPr.find(qn("w:bidi")).get(qn("w:val")) is None for p in headings[:1])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:bidi")) == word_language
    assert document.core_properties.language == language


@pytest.mark.parametrize(
    ("language", "slot", "theme"),
    [("zh_Hans", "eastAsia", "eastAsiaTheme"), ("bn", "cs", "cstheme")],
)
def test_a_chinese_or_bengali_report_names_a_font_for_its_script(
    demo_record, make_docx, language, slot, theme
):
    document = reopen(make_docx([demo_record("workshop")], language))

    fonts = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert fonts.get(qn(f"w:{slot}"))
    assert fonts.get(qn(f"w:{theme}")) is None  # a theme font would win over the named one


def test_a_chinese_card_asks_word_for_a_chinese_font(demo_record, make_docx):
    record = demo_record("workshop")
    visible(record)[0]["text"] = "学校的信只有意大利文"
    document = reopen(make_docx([record]))

    run = next(r for p in document.paragraphs for r in p.runs if r.text == "学校的信只有意大利文")
    assert run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_hostile_text_comes_out_as_literal_text(demo_record, make_docx):
    record = demo_record("workshop")
    cards = visible(record)
    cards[0]["text"] = HOSTILE_CARD
    cards[1]["text"] = "before\x07after\x00\x0b\x1f"
    prototype = next(p for p in record["prototypes"] if not p["hidden"])
    prototype["title"] = HOSTILE_TITLE
    record["workshop"]["title"] = "\u202eevil title"
    record["workshop"]["place"] = "<w:p>&amp;</w:p>"

    document = reopen(make_docx([record]))
    text = all_text(document)

    assert HOSTILE_CARD in text
    assert "beforeafter" in text
    assert HOSTILE_TITLE in text
    assert "\u202eevil title" in styled(document, "Title")
    assert "<w:p>&amp;</w:p>" in text
    assert "\x07" not in text


def test_the_review_report_shows_its_rating_table(demo_record, make_docx):
    record = demo_record("review")
    document = reopen(make_docx([record]))

    criteria = {c["id"]: c["name"] for c in record["criteria"]}
    tables = [t for t in document.tables if rows(t)[0][0] == "Criterion"]
    assert len(tables) == len(record["rating_results"])
    for table, result in zip(tables, record["rating_results"], strict=True):
        assert rows(table)[0][3] == "How many gave 1 to 5"
        assert rows(table)[1][3:8] == ["1", "2", "3", "4", "5"]
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows[:2])
        for row, cell in zip(rows(table)[2:], result["criteria"], strict=True):
            assert row[0] == criteria[cell["criterion_id"]]
            assert row[1] == f"{cell['average']:.2f}"
            assert row[2] == str(cell["count"])
            assert row[3:8] == [str(n) for n in cell["distribution"]]


def test_word_properties_are_in_the_order_word_requires(demo_record, make_docx):
    """Word refuses a file whose properties are out of schema order (LibreOffice does not)."""
    for language in ("en", "ar"):
        package = zipfile.ZipFile(io.BytesIO(make_docx([demo_record("workshop")], language)))
        for name in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
            for element in etree.fromstring(package.read(name)).iter():
                order = _ORDER_BY_QN.get(element.tag)
                if order:
                    place = {qn(t): i for i, t in enumerate(order)}
                    seen = [place[c.tag] for c in element if c.tag in place]
                    assert seen == sorted(seen), (name, element.tag)


def test_a_combined_report_heads_each_session(demo_record, make_docx):
    records = [demo_record("listening"), demo_record("workshop")]
    document = reopen(make_docx(records))

    heading1 = styled(document, "Heading 1")
    for record in records:
        assert record["workshop"]["title"] in heading1
    assert "At a glance" in styled(document, "Heading 2")
