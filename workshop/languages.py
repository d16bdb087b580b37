"""Languages people speak in the room, named in their own script.

Used to tag what the team types in for someone (on-behalf input, quotes): the report says which
languages were spoken, and a card keeps the language it was said in. This is wider than the UI
catalogues Tavola ships: people speak languages the interface is not translated into.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from babel import Locale, UnknownLocaleError

#: BCP 47 tag → the language's own name (endonym), in the order a picker shows them.
SPOKEN_LANGUAGES: dict[str, str] = {
    "en": "English",
    "it": "Italiano",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "sl": "Slovenščina",
    "uk": "Українська",
    "ru": "Русский",
    "ro": "Română",
    "sq": "Shqip",
    "tr": "Türkçe",
    "ar": "العربية",
    "fa": "فارسی",
    "ps": "پښتو",
    "ur": "اردو",
    "hi": "हिन्दी",
    "pa": "ਪੰਜਾਬੀ",
    "bn": "বাংলা",
    "zh": "中文",
    "tl": "Tagalog",
    "ti": "ትግርኛ",
    "am": "አማርኛ",
    "so": "Soomaali",
    "wo": "Wolof",
    "ff": "Fulfulde",
    "ha": "Hausa",
    "yo": "Yorùbá",
    "ig": "Igbo",
}


def language_name(tag: str | None) -> str:
    """The language's own name, or the tag itself when it is not in the list."""
    return SPOKEN_LANGUAGES.get(tag or "", tag or "")


def language_names_in(code: str) -> dict[str, str]:
    """Every language of the room named in the UI language ``code`` (Ukrainian, ucraino …).

    Read-aloud on the phone says "This phone cannot read Ukrainian aloud." in the reader's
    language, so it needs the names as that reader says them (Babel's CLDR data), not the
    endonyms; a name CLDR lacks falls back to the endonym.
    """
    try:
        names = Locale.parse(code).languages
    except (ValueError, UnknownLocaleError):
        names = {}
    tags = {*SPOKEN_LANGUAGES, *(tag.split("-")[0] for tag, _name in UI_LANGUAGES.values())}
    return {tag: names.get(tag) or language_name(tag) for tag in sorted(tags)}


#: The interface languages Tavola ships a catalogue for: catalogue code → (BCP 47 tag, own name).
#: The catalogue code is what ``workshop/translations/<code>/`` and ``session["lang"]`` hold;
#: the tag goes into ``<html lang>`` and speech synthesis.
UI_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("en", "English"),
    "it": ("it", "Italiano"),
    "fr": ("fr", "Français"),
    "es": ("es", "Español"),
    "pt": ("pt", "Português"),
    "de": ("de", "Deutsch"),
    "el": ("el", "Ελληνικά"),
    "sl": ("sl", "Slovenščina"),
    "uk": ("uk", "Українська"),
    "ar": ("ar", "العربية"),
    "ur": ("ur", "اردو"),
    "zh_Hans": ("zh-Hans", "简体中文"),
    "bn": ("bn", "বাংলা"),
    "ti": ("ti", "ትግርኛ"),
}

#: Languages written right to left: the page mirrors (``dir="rtl"``).
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "ps", "he", "yi", "ckb", "sd", "ug"})


def ui_language_tag(code: str) -> str:
    """The BCP 47 tag of a UI catalogue code (``zh_Hans`` → ``zh-Hans``)."""
    return UI_LANGUAGES.get(code, (code.replace("_", "-"), code))[0]


def is_rtl(tag: str | None) -> bool:
    """Whether text in this language runs right to left (by its primary subtag)."""
    return (tag or "").replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


def text_direction(text: object, default: str | None = "ltr") -> str | None:
    """``rtl`` or ``ltr`` by the first letter with a direction (what ``dir="auto"`` does in a
    browser), for renderers that lack ``dir="auto"`` (WeasyPrint for the PDF, Word);
    ``default`` when the text has no such letter."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return default
    return "ltr"


def best_ui_language(accepted: list[tuple[str, float]]) -> str | None:
    """The UI catalogue that best serves a browser's Accept-Language list, or None.

    An exact tag wins; otherwise the primary subtag is enough (``zh-CN`` → ``zh_Hans``,
    ``pt-BR`` → ``pt``, ``ar-EG`` → ``ar``), in the browser's order of preference.
    """
    by_tag = {tag.lower(): code for code, (tag, _name) in UI_LANGUAGES.items()}
    by_primary = {tag.split("-")[0].lower(): code for code, (tag, _name) in UI_LANGUAGES.items()}
    for value, quality in accepted:
        if quality <= 0:
            continue
        wanted = value.replace("_", "-").lower()
        if wanted in by_tag:
            return by_tag[wanted]
        if wanted.split("-")[0] in by_primary:
            return by_primary[wanted.split("-")[0]]
    return None


def primary(tag: str | None) -> str | None:
    """The primary language subtag of a BCP 47 tag or catalogue code (``zh_Hans`` → ``zh``)."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-")[0].lower() or None


#: Languages of the list written in Latin letters.
LATIN_SCRIPT = frozenset(
    {"en", "it", "fr", "es", "pt", "de", "sl", "ro", "sq", "tr", "tl", "so", "wo", "ff", "ha"}
    | {"yo", "ig"}
)

#: Scripts that name one language among those Tavola knows (by Unicode character name prefix).
_SCRIPT_LANGUAGE = {
    "GREEK": "el",
    "BENGALI": "bn",
    "ETHIOPIC": "ti",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "GURMUKHI": "pa",
    "HEBREW": "he",
    "ARABIC": "ar",
    "CYRILLIC": "uk",
}
#: Languages sharing a script: the writer's own language wins when it uses that script.
_SAME_SCRIPT = {
    "ar": {"ar", "ur", "fa", "ps"},
    "uk": {"uk", "ru"},
    "ti": {"ti", "am"},
    "zh": {"zh"},
}
#: Letters only Urdu uses among the Arabic-script languages of the list.
_URDU_LETTERS = set("ٹڈڑںےۓھ")
#: Letters of Ukrainian that Russian lacks, and the reverse.
_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
_RUSSIAN_LETTERS = set("ыэъёЫЭЪЁ")


def detect_language(text: str, writer: str | None) -> str | None:
    """The language a card is written in: from its script, else the writer's own language.

    No guessing among Latin-script languages (the writer's language stands), but an Italian
    phone posting in Arabic letters gives an Arabic card, so the right voice reads it and the
    right translators see it.
    """
    writer = primary(writer)
    counts: dict[str, int] = defaultdict(int)
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = next(
            (lang for prefix, lang in _SCRIPT_LANGUAGE.items() if name.startswith(prefix)), "latin"
        )
        counts[script] += 1
    if not counts:
        return writer
    script = max(counts, key=counts.__getitem__)
    if script == "latin":
        # Latin letters from a phone set to a language not written in them (Arabic, Chinese …):
        # some other language, unknown, rather than a wrong guess.
        return writer if writer in LATIN_SCRIPT else None
    if script == "ar" and _URDU_LETTERS & set(text):
        return "ur"
    if script == "uk":
        if _RUSSIAN_LETTERS & set(text):
            return "ru"
        if _UKRAINIAN_LETTERS & set(text):
            return "uk"
    if writer in _SAME_SCRIPT.get(script, {script}):
        return writer
    return script
