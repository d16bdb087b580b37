"""The report as a Word document (DOCX) an official can edit: the same content as the HTML/PDF
report (``templates/reports/report.html``), in real Word structure.

Headings use Word's own Title and Heading 1 to 4 styles (so the Navigation pane and a Word table
of contents work), numbers are real tables with a repeating header row, the contents is a TOC
field Word fills in, and every page after the cover carries its number. Charts are not drawn:
their numbers are in the tables, with a bar of squares beside them ("■■■■ 12") to read at a
glance. Labels reuse the HTML report's msgids, so one catalogue entry serves both.

Typed text (cards, titles, reasons, places) only ever goes in as the text of a run: python-docx
escapes it, and characters XML cannot hold are dropped first. Right-to-left reports (Arabic,
Urdu) mark paragraphs, tables, runs and the section as right to left; every paragraph of typed
text takes its direction from its first strong letter, like ``dir="auto"`` in the HTML.

Rendered inside ``render``'s ``force_locale`` and app context; it reads no database.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import get_locale, gettext
from PIL import Image as PILImage

from ..labels import DECISION_LABELS, ORIGIN_LABELS, STAGE_LABELS, theme_name
from ..languages import (
    detect_language,
    is_rtl,
    language_name,
    language_names_in,
    primary,
    text_direction,
    ui_language_tag,
)
from ..session_templates import TEMPLATES
from .model import ROLES, Group, ProblemEntry, PrototypeEntry, Report, SessionReport, Text
from .render import (
    CANVAS_LABELS,
    ROLE_PLURALS,
    _report_date,
    _report_time,
    facilitation,
    gap_sentence,
    group_label,
)

_ = gettext

#: Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone
#: surrogates; U+FFFE/U+FFFF): lxml refuses them, so they are dropped from typed text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: How many squares a full bar is.
BAR_WIDTH = 20
BAR = "■"

#: Fonts Word should use for scripts its default (Calibri) lacks, by the language a text is
#: detected in: (rFonts attribute, font). Word falls back by itself when the font is missing.
_FONTS = {
    "zh": ("eastAsia", "Microsoft YaHei"),
    "ar": ("cs", "Arial"),
    "fa": ("cs", "Arial"),
    "ps": ("cs", "Arial"),
    "ur": ("cs", "Arial"),
    "he": ("cs", "Arial"),
    "bn": ("cs", "Nirmala UI"),
    "hi": ("cs", "Nirmala UI"),
    "pa": ("cs", "Nirmala UI"),
    "ti": ("ascii", "Ebrima"),
    "am": ("ascii", "Ebrima"),
}
#: The theme font attributes that would override each named one.
_THEME_ATTRIBUTES = {
    "ascii": ("asciiTheme", "hAnsiTheme"),
    "cs": ("cstheme",),
    "eastAsia": ("eastAsiaTheme",),
}
#: A region for the languages whose ``w:lang`` Word wants as language-region.
_WORD_LANG = {"ar": "ar-SA", "ur": "ur-PK", "fa": "fa-IR", "zh": "zh-CN", "bn": "bn-BD"}


def docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file, in the current (forced) locale."""
    return _Writer(report).write()


def clean(text: Any) -> str:
    """Text fit for a Word run: as typed, minus the characters XML cannot hold."""
    return _NOT_XML.sub("", str(text))


#: The order WordprocessingML requires of the children this module adds (ECMA-376 part 1):
#: Word refuses a file whose properties are out of order, so each goes in at its place.
_ORDER = {
    "w:pPr": (
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
        "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
        "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
        "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
        "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle "
        "w:rPr w:sectPr w:pPrChange"
    ),
    "w:rPr": (
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
        "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color "
        "w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd "
        "w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
    ),
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
        "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
        "w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription w:tblPrChange"
    ),
    "w:sectPr": (
        "w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar "
        "w:paperSrc w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign "
        "w:noEndnote w:titlePg w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings "
        "w:sectPrChange"
    ),
    "w:rPrDefault": "w:rPr",
    "w:settings": (
        "w:alwaysMergeEmptyNamespace w:updateFields w:hdrShapeDefaults w:footnotePr "
        "w:endnotePr w:compat w:docVars w:rsids m:mathPr w:attachedSchema w:themeFontLang "
        "w:clrSchemeMapping w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures "
        "w:forceUpgrade w:captions w:readModeInkLockDown w:smartTagType sl:schemaLibrary "
        "w:shapeDefaults w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator"
    ),
}
_ORDER_BY_QN = {qn(parent): tags.split() for parent, tags in _ORDER.items()}


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    """The child ``tag`` of ``parent`` (created in its schema place if missing), with these
    ``w:`` attributes."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = _ORDER_BY_QN.get(parent.tag, [tag])  # not listed: any order (``w:trPr``)
        successors = order[order.index(tag) + 1 :]
        later = next((c for c in parent if c.tag in {qn(t) for t in successors}), None)
        if later is None:
            parent.append(child)
        else:
            later.addprevious(child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


class _Writer:
    """One report being written: the document and where the reader's language leads it."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.language = primary(report.language) or "en"
        locale = str(get_locale() or self.language)
        self.tag = ui_language_tag(locale)
        self.rtl = is_rtl(self.language)
        self.names = language_names_in(locale)
        self.doc = Document()
        # In a programme the sessions are the top headings; a session's sections sit below.
        self.offset = 1 if report.combined else 0

    # The document as a whole ---------------------------------------------------------------

    def write(self) -> bytes:
        self._setup()
        first = self.report.sessions[0]
        self._cover(first)
        self._contents()
        for session in self.report.sessions:
            self._session(session)
        if self.report.traces:
            self._traces()
        self._method()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _setup(self) -> None:
        """A4 with the PDF's margins, page numbers after the cover, core properties, the
        document language and direction, and fonts for the reader's script."""
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(22)
        section.left_margin = section.right_margin = Mm(18)
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(footer, "PAGE", "1")
        footer.add_run(" / ")
        self._field(footer, "NUMPAGES", "1")
        if self.rtl:
            _set(section._sectPr, "w:bidi")
            _set(footer._p.get_or_add_pPr(), "w:bidi")

        rpr = self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        rpr = _set(rpr, "w:rPr")
        lang = {"val": _WORD_LANG.get(self.language, self.tag)}
        if self.rtl or _FONTS.get(self.language, ("",))[0] == "cs":
            lang["bidi"] = _WORD_LANG.get(self.language, self.tag)
        if self.language == "zh":
            lang["eastAsia"] = "zh-CN"
        _set(rpr, "w:lang", **lang)
        if self.language in _FONTS:
            slot, font = _FONTS[self.language]
            fonts = _set(rpr, "w:rFonts", **_font_attributes(slot, font))
            # A theme font wins over a named one on the same element: drop the theme's.
            for theme in _THEME_ATTRIBUTES[slot]:
                fonts.attrib.pop(qn(f"w:{theme}"), None)
        # Word refreshes the fields (the contents, page numbers) when the file is opened.
        _set(self.doc.settings.element, "w:updateFields", val="true")

        first = self.report.sessions[0]
        props = self.doc.core_properties
        props.title = clean(self._title())[:255]
        props.language = self.tag
        props.author = props.last_modified_by = "Tavola"
        props.subject = clean(
            _("Programme report") if self.report.combined else TEMPLATES[first.template].label
        )
        props.keywords = " ".join(s.code for s in self.report.sessions)
        props.comments = ""
        props.created = props.modified = max(s.exported_at for s in self.report.sessions)
        props.revision = 1

    def _title(self) -> str:
        if self.report.combined:
            titles = " · ".join(s.title for s in self.report.sessions)
            return f"{_('Programme report')}: {titles}"
        return self.report.sessions[0].title

    # Building blocks -----------------------------------------------------------------------

    def run(self, paragraph: Paragraph, text: Any, bold: bool = False, italic: bool = False):
        """Append ``text`` as one plain run, marked right to left and given a font for its
        script when it needs one."""
        text = clean(text)
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        if bold:
            _set(rpr, "w:b")
            _set(rpr, "w:bCs")
        if italic:
            _set(rpr, "w:i")
            _set(rpr, "w:iCs")
        direction = text_direction(text, None)
        if direction == "rtl" or (direction is None and self.rtl):
            _set(rpr, "w:rtl")
        script = detect_language(text, None)
        if script in _FONTS and script != self.language:
            _set(rpr, "w:rFonts", **_font_attributes(*_FONTS[script]))
        return run

    def para(
        self,
        text: Any = "",
        style: str | None = None,
        bold: bool = False,
        italic: bool = False,
        typed: bool = False,
        container: Any = None,
    ) -> Paragraph:
        """A paragraph in the reader's direction, or, for ``typed`` text, in the text's own."""
        container = container if container is not None else self.doc
        paragraph = container.add_paragraph(style=style)
        if text != "":
            self.run(paragraph, text, bold, italic)
        self.direction(paragraph, text_direction(clean(text), None) if typed else None)
        return paragraph

    def direction(self, paragraph: Paragraph, direction: str | None = None) -> None:
        """Mark a paragraph right to left (``w:bidi``) when it is, or when the report is and
        the paragraph has no direction of its own."""
        rtl = direction == "rtl" or (direction is None and self.rtl)
        ppr = paragraph._p.get_or_add_pPr()
        if rtl:
            _set(ppr, "w:bidi").attrib.pop(qn("w:val"), None)
        elif self.rtl:  # a left-to-right card in a right-to-left report
            _set(ppr, "w:bidi", val="0")

    def heading(self, text: Any, level: int, typed: bool = False) -> Paragraph:
        """A heading in Word's own style: level 0 is the Title, 1 to 4 Heading 1 to 4."""
        style = "Title" if level == 0 else f"Heading {min(level, 9)}"
        return self.para(text, style=style, typed=typed)

    def labelled(self, label: Any, value: Any) -> Paragraph:
        """``Label: value`` with the label in bold (the HTML's ``<dt>``/``<dd>`` pairs); a
        value typed in another direction keeps it in its own run (``w:rtl``)."""
        paragraph = self.para()
        self.run(paragraph, f"{label}: ", bold=True)
        self.run(paragraph, value)
        return paragraph

    def typed(self, text: Text, style: str | None = None, numbering: int | None = None) -> None:
        """Something a person typed, then the reader's translation of it, marked as such."""
        original = self.para(text.text, style=style, typed=True)
        if numbering is not None:
            self.number(original, numbering)
        if text.translation:
            translation = self.para(
                text.translation, style="List Continue", italic=True, typed=True
            )
            tag = _("Machine translation") if text.machine else _("Translation")
            self.run(translation, f" ({tag})", bold=True)

    def number(self, paragraph: Paragraph, num_id: int) -> None:
        """Make the paragraph an item of the numbered list ``num_id``."""
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    def numbered_list(self) -> int:
        """A new numbered list (Word's List Number), counting from 1 again."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def table(self, header: list[Any], rows: list[list[Any]], header_rows: int = 1) -> Table:
        """A real table: the first ``header_rows`` rows repeat on every page, the first column
        (what each row is about) in bold, every cell in the reader's direction."""
        table = self.doc.add_table(rows=0, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        if self.rtl:
            _set(table._tbl.tblPr, "w:bidiVisual")
        for index, values in enumerate([header, *rows]):
            row = table.add_row()
            is_header = index < header_rows
            if is_header:
                _set(row._tr.get_or_add_trPr(), "w:tblHeader")
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                lines = value if isinstance(value, list) else [value]
                for n, line in enumerate(lines):
                    if n:
                        paragraph = cell.add_paragraph()
                    if line != "":
                        self.run(paragraph, line, bold=is_header or column == 0)
                    self.direction(
                        paragraph, text_direction(clean(line), None) if column == 0 else None
                    )
        self.doc.add_paragraph()  # Word runs two tables together without a paragraph between
        return table

    def groups_table(self, groups: list[Group], scale: float, header: Any) -> Table:
        """A role split as a table: group, number (or "fewer than 3"), and a bar of squares."""
        rows = []
        for group in groups:
            if group.value is None:
                rows.append([group_label(group), _("fewer than 3"), ""])
            else:
                rows.append([group_label(group), _number(group.value), _bar(group.value, scale)])
        return self.table([_("Role"), header, ""], rows)

    def _field(self, paragraph: Paragraph, instruction: str, placeholder: str) -> None:
        """A Word field (``PAGE``, ``TOC …``) showing ``placeholder`` until Word updates it."""

        def char(kind: str) -> None:
            run = paragraph.add_run()
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")
            run._r.append(element)

        char("begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        paragraph.add_run()._r.append(instr)
        char("separate")
        self.run(paragraph, placeholder)
        char("end")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # The sections, in the HTML report's order -----------------------------------------------

    def _cover(self, first: SessionReport) -> None:
        report = self.report
        kicker = _("Programme report") if report.combined else _template(first.template)
        self.para(kicker, style="Subtitle")
        if report.combined:
            self.heading(" → ".join(s.title for s in report.sessions), 0, typed=True)
            sessions = self.numbered_list()
            for s in report.sessions:
                item = self.para(style="List Number")
                self.number(item, sessions)
                self.run(item, s.title, bold=True)
                self.run(item, f" — {_template(s.template)}")
                if s.date:
                    self.run(item, f", {_report_date(s.date)}")
                if s.place:
                    self.run(item, ", ")
                    self.run(item, s.place)
        else:
            self.heading(first.title, 0, typed=True)
            if first.place:
                self.labelled(_("Place"), first.place)
            if first.date:
                self.labelled(_("Date"), _report_date(first.date))
            self.labelled(_("Session type"), _template(first.template))
            languages = []
            for code in first.languages:
                name = language_name(code)
                own = self.names.get(code)
                languages.append(f"{name} ({own})" if own and own != name else name)
            self.labelled(_("Languages used"), ", ".join(languages))
            self.labelled(_("Facilitation"), facilitation(first))
            self.labelled(_("Participants"), first.participants.total)
        made = _(
            "Report made with Tavola on %(date)s from the session record.",
            date=_report_date(first.exported_at),
        )
        self.para(made, italic=True)
        self.page_break()

    def _contents(self) -> None:
        """The contents as Word's own TOC field over Heading 1 to 3, filled in by Word."""
        self.para(_("Contents"), style="TOC Heading")
        paragraph = self.para()
        self._field(
            paragraph,
            'TOC \\o "1-3" \\h \\z \\u',
            _("Right-click here and choose “Update field” to show the contents."),
        )
        self.page_break()

    def _session(self, s: SessionReport) -> None:
        o = self.offset
        if self.report.combined:
            self.heading(s.title, 1, typed=True)
            kicker = self.para(_template(s.template), style="Subtitle")
            if s.date:
                self.run(kicker, f" · {_report_date(s.date)}")
            if s.place:
                self.run(kicker, " · ")
                self.run(kicker, s.place)
        self._glance(s)
        for theme in s.themes:
            if theme.problems or theme.prototypes:
                self._theme(theme)
        if s.unsorted:
            self.heading(_("Not yet given a table"), 1 + o)
            bullets = self.numbered_list()
            for p in s.unsorted:
                self.typed(p.text, style="List Number", numbering=bullets)
                self._problem_meta(p, unsorted=True)
        if s.ratings:
            self._ratings(s)

    def _glance(self, s: SessionReport) -> None:
        o = self.offset
        self.heading(_("At a glance"), 1 + o)
        numbers = [(s.participants.total, _("participants"))]
        if s.cards:  # a rating round has no cards: no row of zeros
            numbers += [(s.cards, _("problem cards")), (s.supports, _("“Me too”"))]
        if s.has_prototypes:
            numbers += [(s.prototypes, _("prototypes")), (s.dots, _("dots on prototypes"))]
        for value, label in numbers:
            item = self.para(style="List Bullet")
            self.run(item, value, bold=True)
            self.run(item, f" {label}")
        if s.feedback_answers and s.feedback_average is not None:
            item = self.para(style="List Bullet")
            self.run(item, f"{s.feedback_average:.1f}", bold=True)
            self.run(item, f" / 5 {_('closing feedback (%(n)s answers)', n=s.feedback_answers)}")

        self.heading(_("Who took part"), 2 + o)
        self.para(_("Participants by role"), style="Caption")
        self.groups_table(s.participants.groups, s.participants.total, _("People"))
        rows = []
        for theme in s.themes:
            row = [theme_name(theme.name, theme.icon), theme.participants.total]
            for role in ROLES:
                group = theme.participants.group_of(role)
                if not group:
                    row.append(0)
                elif group.value is None:
                    row.append(_("fewer than 3"))
                else:
                    row.append(group.value)
            rows.append(row)
        if rows:
            self.table([_("Table"), _("People"), *(ROLE_PLURALS[r] for r in ROLES)], rows)

        paragraph = self.para()
        self.run(paragraph, f"{_('Languages of the phones')}: ", bold=True)
        self.run(paragraph, " · ".join(f"{language_name(c)} {n}" for c, n in s.by_language))

        if s.top:
            self.heading(_("The prototypes with most dots"), 2 + o)
            top = self.numbered_list()
            for p in s.top:
                item = self.para(style="List Number", typed=True)
                self.number(item, top)
                self.run(item, p.title.text)
                if p.title.translation:
                    self.run(item, f" ({clean(p.title.translation)})", italic=True)
                self.run(item, f" — {_('%(n)s dots', n=p.dots.total)}")

    def _theme(self, theme: Any) -> None:
        o = self.offset
        self.heading(theme_name(theme.name, theme.icon), 1 + o, typed=True)
        self.para(_("%(n)s people at this table", n=theme.participants.total), italic=True)
        if theme.focus:
            self.heading(_("Focus problems"), 2 + o)
            for p in theme.focus:
                self.typed(p.text, style="Intense Quote")
        if theme.problems:
            self.heading(_("Problems raised"), 2 + o)
            problems = self.numbered_list()
            for p in theme.problems:
                self.typed(p.text, style="List Number", numbering=problems)
                self._problem_meta(p)
        if theme.prototypes:
            self.heading(_("Prototypes"), 2 + o)
            scale = max(p.dots.total for p in theme.prototypes)
            for p in theme.prototypes:
                self._prototype(p, scale)

    def _problem_meta(self, p: ProblemEntry, unsorted: bool = False) -> None:
        """The line under a card: "me too"s, where it came from, its dots, whether in focus."""
        meta = self.para(style="List Continue")
        self.run(meta, _("“Me too”: %(n)s", n=p.supports))
        if p.origin != "phone":
            self.run(meta, f" · {ORIGIN_LABELS[p.origin]}")
        if p.source_title and not unsorted:
            self.run(meta, " (")
            self.run(meta, p.source_title)
            self.run(meta, ")")
        if p.round_prompt:
            self.run(meta, " · ")
            self.run(meta, _("Answer to: %(question)s", question=p.round_prompt))
        if unsorted:
            return
        for stage, dots in p.priority.items():
            self.run(meta, f" · {STAGE_LABELS[stage]}: {_('%(n)s dots', n=dots.total)}")
            if len(dots.groups) > 1:
                parts = ", ".join(f"{group_label(g)} {g.value}" for g in dots.groups)
                self.run(meta, f" ({parts})")
        if p.focus:
            self.run(meta, " · ")
            self.run(meta, _("Focus"), bold=True)

    def photo(self, data_uri: str) -> None:
        """A prototype's photo, at most 9 cm high and the text width wide."""
        jpeg = base64.b64decode(data_uri.split(",", 1)[1])
        with PILImage.open(io.BytesIO(jpeg)) as image:
            width, height = image.size
        section = self.doc.sections[0]
        text_width = section.page_width - section.left_margin - section.right_margin
        scale = min(text_width / width, Mm(90) / height)
        self.doc.add_picture(io.BytesIO(jpeg), width=int(width * scale), height=int(height * scale))

    def _prototype(self, p: PrototypeEntry, scale: int) -> None:
        o = self.offset
        title = self.heading("", 3 + o)
        if p.rank:
            self.run(title, f"{p.rank}. ")
        self.run(title, p.title.text)
        self.direction(title, text_direction(clean(p.title.text), None))
        if p.title.translation:
            self.para(p.title.translation, italic=True, typed=True)
        if p.photo:
            self.photo(p.photo)
        for key, text in p.canvas:
            self.para(CANVAS_LABELS[key], bold=True)
            self.typed(text, style="List Continue")
        if p.problems:
            self.para(f"{_('Answers these problems')}:", bold=True)
            for text in p.problems:
                self.para(text, style="List Bullet", typed=True)
        self.para(_("%(n)s dots", n=p.dots.total), bold=True)
        self.para(_("Dots by role"), style="Caption")
        self.groups_table(p.dots.groups, scale, _("Dots"))
        sentence = gap_sentence(p)
        if sentence:
            self.para(sentence)
        if p.response:
            paragraph = self.para()
            self.run(paragraph, f"{_('Response of the decision makers')}: ", bold=True)
            self.run(paragraph, DECISION_LABELS[p.response.decision])
            if p.response.reason:
                self.para(p.response.reason, typed=True)
            who = []
            if p.response.owner:
                who.append(_("Who: %(owner)s", owner=p.response.owner))
            if p.response.due_on:
                who.append(_("By: %(date)s", date=_report_date(p.response.due_on)))
            if who:
                self.para(" · ".join(who), italic=True)

    def _ratings(self, s: SessionReport) -> None:
        o = self.offset
        self.heading(_("Rating round"), 1 + o)
        self.para(_("Scores from 1 (very bad) to 5 (very good)."))
        for entry in s.ratings:
            self.heading(entry.item.text, 2 + o, typed=True)
            header = [
                _("Criterion"),
                _("Average"),
                _("People"),
                _("How many gave 1 to 5"),
                "",
                "",
                "",
                "",
                _("Average by role"),
            ]
            scale = ["", "", "", "1", "2", "3", "4", "5", ""]
            rows = []
            for cell in entry.cells:
                by_role = (
                    [f"{group_label(g)}: {_number(g.value)}" for g in cell.by_role]
                    if len(cell.by_role) > 1
                    else ""
                )
                average = f"{cell.average:.2f}" if cell.average is not None else "—"
                rows.append([cell.criterion, average, cell.count, *cell.distribution, by_role])
            table = self.table(header, [scale, *rows], header_rows=2)
            # "How many gave 1 to 5" over the five counts; the other headings over both rows.
            top, second = table.rows[0].cells, table.rows[1].cells
            top[3].merge(top[7])
            for column in (0, 1, 2, 8):
                top[column].merge(second[column])

    def _traces(self) -> None:
        self.heading(_("Problems followed from session to session"), 1)
        for trace in self.report.traces:
            self.typed(trace.text, style="Intense Quote")
            steps = self.numbered_list()
            item = self.para(_("Raised in: %(session)s", session=trace.raised_in), "List Number")
            self.number(item, steps)
            for title, supports, answers in trace.steps:
                item = self.para(style="List Number")
                self.number(item, steps)
                self.run(item, title)
                self.run(item, f": {_('“Me too”: %(n)s', n=supports)}")
                if answers:
                    self.run(item, f" · {_('Answered by:')} ")
                    for n, answer in enumerate(answers):
                        self.run(item, answer if not n else f"; {clean(answer)}")

    def _method(self) -> None:
        report = self.report
        self.heading(_("How this session was run"), 1)
        sub = 3 if report.combined else 2
        for s in report.sessions:
            m = s.methodology
            if report.combined:
                self.heading(s.title, 2, typed=True)
            self.labelled(_("Session type"), _template(m.template))
            self.labelled(_("Dots per person"), m.dot_budget)
            if "focus" in (span.stage for span in m.stages):
                self.labelled(_("Focus problems per table"), m.focus_count)
            self.labelled(
                _("Cards approved before showing"), _("Yes") if m.premoderation else _("No")
            )
            rows = []
            for span in m.stages:
                if span.minutes is None:
                    minutes = "—"
                elif span.minutes < 1:
                    minutes = "< 1"
                else:
                    minutes = str(round(span.minutes))
                rows.append([STAGE_LABELS[span.stage], _report_time(span.started), minutes])
            self.table([_("Stage"), _("Started"), _("Minutes")], rows)
            self.heading(_("Translations"), sub)
            if m.translations:
                for code, (people, machine) in m.translations.items():
                    line = _(
                        "%(people)s by people, %(machine)s by machine translation",
                        people=people,
                        machine=machine,
                    )
                    self.para(f"{language_name(code)}: {line}", style="List Bullet")
            else:
                self.para(_("No card was translated."))
            self.heading(_("Moderation"), sub)
            self.para(
                _(
                    "Hidden cards: %(hidden)s · merged: %(merged)s · edited: %(edited)s · "
                    "moved to another table: %(moved)s · hidden prototypes: %(prototypes)s",
                    hidden=m.hidden_cards,
                    merged=m.merged_cards,
                    edited=m.edited_cards,
                    moved=m.moved_cards,
                    prototypes=m.hidden_prototypes,
                )
            )
        self.heading(_("Privacy"), 2)
        self.para(
            _(
                "Participants gave no names. Nobody in this report can be named: cards and dots "
                "are counted by role only."
            )
        )
        self.para(
            _(
                "Small groups are protected: a role with fewer than 3 people is shown as “fewer "
                "than 3”, and the dots and scores of fewer than 3 people are counted together "
                "with another group (for example “Residents + Others”)."
            )
        )


def _font_attributes(slot: str, font: str) -> dict[str, str]:
    """``w:rFonts`` attributes naming ``font`` for one slot (Ethiopic is set as Latin text is,
    so both Latin slots; Chinese also hints Word to treat shared characters as East Asian)."""
    if slot == "ascii":
        return {"ascii": font, "hAnsi": font}
    if slot == "eastAsia":
        return {"eastAsia": font, "hint": "eastAsia"}
    return {slot: font}


def _template(key: str) -> str:
    return str(TEMPLATES[key].label)


def _number(value: Any) -> str:
    return str(value)


def _bar(value: float, scale: float) -> str:
    """A bar of squares as long as ``value`` is against ``scale`` (at least one square for
    anything above zero, so a small number is not read as none)."""
    if not scale or value <= 0:
        return ""
    return BAR * max(1, round(value / scale * BAR_WIDTH))
