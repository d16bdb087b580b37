# ruff: noqa: RUF001  -- sample text in every script, on purpose
"""The PDF report prints every language Tavola ships, with the fonts Tavola itself ships.

A card can be written in any interface language and land in any report, and the server has no
fonts of its own for Bengali, Ethiopic or Chinese (a fresh machine may have none at all). So the
report's stylesheet, ``static/css/report-fonts.css``, declares fonts committed under
``static/fonts/report/``; these tests print a page with a sentence in each language through
WeasyPrint and read the PDF back with pypdf.
"""

from __future__ import annotations

import logging
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from weasyprint import HTML

from workshop.languages import SPOKEN_LANGUAGES, UI_LANGUAGES, is_rtl
from workshop.reports.render import render

STATIC = Path(__file__).resolve().parents[2] / "static"
FONTS = STATIC / "fonts" / "report"

#: Catalogue code → a sentence as a participant would write it, opening with the language's name.
SENTENCES = {
    "en": "English: the bus stop needs a shelter.",
    "it": "Italiano: la fermata dell’autobus ha bisogno di una pensilina.",
    "fr": "Français : l’arrêt de bus a besoin d’un abri.",
    "es": "Español: la parada del autobús necesita un refugio.",
    "pt": "Português: a paragem de autocarro precisa de um abrigo.",
    "de": "Deutsch: die Bushaltestelle braucht ein Wartehäuschen.",
    "el": "Ελληνικά: η στάση του λεωφορείου χρειάζεται στέγαστρο.",
    "sl": "Slovenščina: avtobusna postaja potrebuje nadstrešek.",
    "uk": "Українська: зупинці потрібен навіс, їй і всім.",
    "ar": "العربية: موقف الحافلات يحتاج إلى مظلة.",
    "ur": "اردو: بس اسٹاپ کو ایک سائبان کی ضرورت ہے۔",
    "zh_Hans": "简体中文：公交车站需要一个候车亭。",
    "bn": "বাংলা: বাস স্টপে একটি ছাউনি দরকার।",
    "ti": "ትግርኛ፡ መዕረፊ ኣውቶብስ መጽለሊ የድልዮ።",
}

#: The families report-fonts.css declares, as WeasyPrint names them inside the PDF.
SHIPPED_FAMILIES = {
    "Tavola-Sans",
    "Tavola-Arabic",
    "Tavola-Bengali",
    "Tavola-Ethiopic",
    "Tavola-SC",
}


def print_report(body: str, path: Path) -> PdfReader:
    """Print ``body`` as the report does (report-fonts.css, base URL at static/), reopen it."""
    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="css/report-fonts.css"></head>'
        f'<body class="report-text">{body}</body></html>'
    )
    HTML(string=html, base_url=f"{STATIC}/").write_pdf(path)
    return PdfReader(path)


def paragraph(code: str, text: str) -> str:
    tag = UI_LANGUAGES[code][0] if code in UI_LANGUAGES else code
    direction = ' dir="rtl"' if is_rtl(tag) else ""
    return f'<p lang="{tag}"{direction}>{text}</p>'


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Each embedded font's name without its subset tag: ``ABCDEF+Tavola-SC`` → ``Tavola-SC``."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def words(text: str) -> list[str]:
    """The sentence's words, compatibility-normalised, punctuation trimmed off their ends.

    pypdf returns Arabic as presentation forms (NFKC folds them back) and lays right-to-left
    runs out in visual order, so a sentence is compared word by word, not as one string.
    """
    normalised = unicodedata.normalize("NFKC", text)
    trimmed = (word.strip(":：.。،,፡።") for word in normalised.split())
    return [word for word in trimmed if word]


@pytest.fixture
def weasyprint_log(caplog) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="weasyprint")
    return caplog


def empty_boxes(log: pytest.LogCaptureFixture) -> list[str]:
    """WeasyPrint's warnings about characters no font had (printed as empty boxes)."""
    return [message for message in log.messages if ".notdef" in message]


def test_every_interface_language_has_a_sentence_to_print():
    assert set(SENTENCES) == set(UI_LANGUAGES), "add a sentence (and a font) for the new language"


def test_every_interface_language_prints_in_the_shipped_fonts(tmp_path, weasyprint_log):
    body = "".join(paragraph(code, text) for code, text in SENTENCES.items())
    reader = print_report(body, tmp_path / "report.pdf")

    fonts = embedded_fonts(reader)
    assert fonts >= SHIPPED_FAMILIES
    # Nothing fell through to a font of this machine: the PDF looks the same printed anywhere.
    assert all(name.startswith("Tavola-") for name in fonts), fonts
    assert not empty_boxes(weasyprint_log)

    printed = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    for code, sentence in SENTENCES.items():
        missing = [word for word in words(sentence) if word not in printed]
        assert not missing, f"{code}: {missing} not in the PDF's text"


def test_every_character_of_the_sentences_is_in_a_shipped_font():
    """Checked in the fonts themselves, so no character can be an empty box in any report."""
    covered: set[int] = set()
    for font in FONTS.glob("*.[ot]tf"):
        covered |= set(TTFont(font).getBestCmap())
    text = unicodedata.normalize("NFC", "".join(SENTENCES.values()))
    missing = {c for c in text if not c.isspace() and ord(c) not in covered}
    assert not missing, sorted(missing)


def test_the_spoken_languages_names_print_without_empty_boxes(tmp_path, weasyprint_log):
    """The report names every language spoken in the room, Hindi and Punjabi included."""
    body = "".join(paragraph(tag, name) for tag, name in SPOKEN_LANGUAGES.items())
    reader = print_report(body, tmp_path / "languages.pdf")

    assert not empty_boxes(weasyprint_log)
    assert all(name.startswith("Tavola-") for name in embedded_fonts(reader))


def embedded_weights(reader: PdfReader) -> dict[str, int]:
    """Each embedded font's name → the weight its own font file declares (400, 700 …)."""
    weights = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            stream = descriptor.get("/FontFile2") or descriptor["/FontFile3"]
            name = str(font["/BaseFont"]).split("+")[-1]
            weights[name] = TTFont(BytesIO(stream.get_object().get_data()))["OS/2"].usWeightClass
    return weights


def test_bold_text_prints_in_the_bold_faces(tmp_path):
    """Headings are bold in every script but Chinese, which has no bold face (it prints regular)."""
    heading = " ".join(SENTENCES[code] for code in ("de", "ar", "bn", "ti", "zh_Hans"))
    reader = print_report(f"<h1>{heading}</h1>", tmp_path / "bold.pdf")

    assert embedded_weights(reader) == {
        "Tavola-Sans-Bold": 700,
        "Tavola-Arabic-Bold": 700,
        "Tavola-Bengali-Bold": 700,
        "Tavola-Ethiopic-Bold": 700,
        "Tavola-SC-Bold": 400,
    }


@pytest.mark.parametrize("language", ["bn", "zh_Hans", "ar", "ti"])
def test_the_workshop_report_pdf_prints_in_the_shipped_fonts(
    report_app, demo_record, weasyprint_log, language
):
    """The real report (render → report.css → report-fonts.css), written in a non-Latin script."""
    with report_app.app_context():
        pdf = render([demo_record("workshop")], "pdf", language)

    reader = PdfReader(BytesIO(pdf))
    fonts = embedded_fonts(reader)
    assert all(name.startswith("Tavola-") for name in fonts), fonts
    assert not empty_boxes(weasyprint_log)
