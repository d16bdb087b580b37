"""Languages people speak in the room, named in their own script.

Used to tag what the team types in for someone (on-behalf input, quotes): the report says which
languages were spoken, and a card keeps the language it was said in. This is wider than the UI
catalogues Tavola ships: people speak languages the interface is not translated into.
"""

from __future__ import annotations

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
