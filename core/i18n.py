"""Content that staff write in both languages: ``<field>_nl`` and ``<field>_en`` side by side.

The one place that picks the active language (with Dutch, the source language, as fallback): the
``localized`` template filter, ``__str__`` of every bilingual model (so form choices, filters,
admin lists, emails and calendar files follow the language) and Python code all use it.
"""

from django.utils.translation import get_language


def localized_value(obj, field: str, language: str | None = None) -> str:
    """The value of ``<field>_<language>`` on obj, falling back to Dutch (the source language)."""
    language = (language or get_language() or "nl")[:2]
    value = getattr(obj, f"{field}_{language}", "")
    return value or getattr(obj, f"{field}_nl", "")


class Bilingual:
    """Mixin for models with ``<field>_nl``/``<field>_en`` pairs. Their ``__str__`` returns
    ``self.localized(...)``, so a name shows in the active language wherever Django prints the
    object (an email renders under its recipient's language)."""

    def localized(self, field: str, language: str | None = None) -> str:
        return localized_value(self, field, language)


def localized_column(field: str, label):
    """An admin ``list_display`` column showing ``field`` in the active language."""

    def column(obj):
        return localized_value(obj, field)

    column.short_description = label
    column.admin_order_field = f"{field}_nl"
    return column
