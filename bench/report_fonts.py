# ruff: noqa: RUF001  -- sample text in every script, on purpose
"""How long WeasyPrint takes to print a ten-page report in every script: a benchmark, not a test.

Builds an A4 document of about ten pages as a 40-person workshop's report would look (a heading
per theme, then cards, each card in one of the 14 interface languages, Arabic and Urdu right to
left, several hundred distinct hanzi), styled with ``static/css/report-fonts.css``. Renders it a
few times in one process and prints the first render (cold: every @font-face file is read and
registered with Fontconfig), the later ones (the same, in a fresh ``FontConfiguration``, as a
server prints each report), the page count and the PDF's size. With ``--dejavu`` it renders the
same document on the system's DejaVu Sans instead, for comparison (Bengali, Ethiopic and Chinese
then come out as empty boxes).

    .venv/bin/python bench/report_fonts.py [--dejavu] [--runs N]
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

STATIC = Path(__file__).resolve().parents[1] / "static"

#: (lang, dir, text): a card's worth of text per interface language.
CARDS = [
    ("en", "ltr", "The bus stop has no shelter, so older people wait in the rain."),
    ("it", "ltr", "La fermata non ha una pensilina: gli anziani aspettano sotto la pioggia."),
    ("fr", "ltr", "L’arrêt de bus n’a pas d’abri : les personnes âgées attendent sous la pluie."),
    ("es", "ltr", "La parada no tiene techo y las personas mayores esperan bajo la lluvia."),
    ("pt", "ltr", "A paragem não tem abrigo e os mais velhos esperam à chuva."),
    ("de", "ltr", "Die Haltestelle hat kein Dach, ältere Menschen warten im Regen."),
    ("el", "ltr", "Η στάση δεν έχει στέγαστρο και οι ηλικιωμένοι περιμένουν στη βροχή."),
    ("sl", "ltr", "Postajališče nima nadstreška, zato starejši čakajo na dežju."),
    ("uk", "ltr", "На зупинці немає навісу, тож літні люди чекають під дощем."),
    ("ar", "rtl", "لا يوجد مظلة في موقف الحافلات، فينتظر كبار السن تحت المطر."),
    ("ur", "rtl", "بس اسٹاپ پر کوئی سائبان نہیں، اس لیے بزرگ بارش میں انتظار کرتے ہیں۔"),
    (
        "zh-Hans",
        "ltr",
        "公交车站没有候车亭，老人只能在雨中等车。我们建议在学校旁边增加座椅和照明。",
    ),
    ("bn", "ltr", "বাস স্টপে কোনো ছাউনি নেই, তাই বয়স্করা বৃষ্টিতে অপেক্ষা করেন।"),
    ("ti", "ltr", "ኣብ መዕረፊ ኣውቶብስ መጽለሊ የለን፡ ስለዚ ኣረጋውያን ኣብ ዝናብ ይጽበዩ።"),
]

#: A run of common hanzi (GB2312 level 1, in code order) so the report's Chinese subset is large.
HANZI = "".join(
    bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xB8) for lo in range(0xA1, 0xFF)
)


def report_html(pages: int = 10) -> str:
    """About ``pages`` A4 pages of themes and cards in every script."""
    parts = ['<link rel="stylesheet" href="css/report-fonts.css">', '<body class="report-text">']
    per_page = 4
    for theme in range(pages * per_page):
        parts.append(f"<h2>Theme {theme + 1} · 主题 {theme + 1} · বিষয় {theme + 1}</h2>")
        for n, (lang, direction, text) in enumerate(CARDS):
            if n % 3 == theme % 3:
                extra = HANZI[theme * 20 : theme * 20 + 20] if lang == "zh-Hans" else ""
                parts.append(f'<p lang="{lang}" dir="{direction}">{text}{extra}</p>')
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dejavu", action="store_true", help="system DejaVu Sans only")
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()

    html = report_html()
    if args.dejavu:
        html = html.replace("css/report-fonts.css", "data:text/css,body{font-family:DejaVu Sans}")
    print(f"{platform.node()} · {platform.processor() or platform.machine()}")
    for run in range(args.runs):
        start = time.perf_counter()
        document = HTML(string=html, base_url=f"{STATIC}/").render(font_config=FontConfiguration())
        pdf = document.write_pdf()
        seconds = time.perf_counter() - start
        label = "cold" if run == 0 else "warm"
        print(
            f"run {run + 1} ({label}): {seconds:.2f} s, {len(document.pages)} pages, "
            f"{len(pdf) / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
