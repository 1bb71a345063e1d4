from django.utils.translation import get_language


def localized_value(obj, field: str, language: str | None = None) -> str:
    """The value of ``<field>_<language>`` on obj, falling back to Dutch (the source language)."""
    language = (language or get_language() or "nl")[:2]
    value = getattr(obj, f"{field}_{language}", "")
    return value or getattr(obj, f"{field}_nl", "")
