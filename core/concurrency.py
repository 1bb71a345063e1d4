"""No lost edits: one mechanism for every edit form that two people may have open at once.

An edit form carries the *version* of the row as the editor opened it, in a hidden field
(``EditVersionFormMixin``). The service locks the row (``lock_fresh``) and compares: when someone
else saved in between, it raises ``StaleEdit`` and writes nothing, so the view can show the
editor what happened while keeping everything they typed. The lock makes the comparison and the
write one step: of two people saving the same version at once, the second waits and is refused.

A model says what its version is with ``EDIT_VERSION_FIELD``: a number raised on every save
(commitments) or the ``updated_at`` stamp (plans).
"""

import datetime

from django import forms
from django.utils.translation import gettext as _

VERSION_FIELD = "version"  # the name of the hidden input


class StaleEdit(Exception):
    """The row was saved by someone else after the editor opened it; nothing was written.
    ``current`` is the row as it is now (locked until the transaction ends)."""

    def __init__(self, message: str = "", *, current=None):
        super().__init__(message or _("Someone else saved this after you opened it."))
        self.current = current


def edit_version(obj) -> str:
    """The version of ``obj`` as an edit form carries it."""
    value = getattr(obj, obj.EDIT_VERSION_FIELD)
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value)


def lock_fresh(model, *, pk, seen):
    """The row locked for update; ``StaleEdit`` when it is no longer at version ``seen``.

    A missing version counts as stale: we cannot tell what the editor saw, and refusing costs
    them one more click while guessing could overwrite someone's work.
    """
    # Only the bare row is locked: FOR UPDATE cannot take the nullable side of an outer join, so
    # callers load relations afterwards.
    current = model._default_manager.select_for_update().get(pk=pk)
    if seen is None or str(seen) != edit_version(current):
        raise StaleEdit(current=current)
    return current


class EditVersionFormMixin:
    """For a ModelForm of an existing row: a hidden ``version`` field holding the version the
    editor opened. After validation, ``seen_version`` is what to pass to the service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.initial.setdefault(VERSION_FIELD, edit_version(self.instance))

    @property
    def seen_version(self) -> str | None:
        return self.cleaned_data.get(VERSION_FIELD) or None

    def model_data(self) -> dict:
        """The cleaned data without the version: the values of the row's own fields."""
        return {name: value for name, value in self.cleaned_data.items() if name != VERSION_FIELD}

    def carry_version(self, current) -> None:
        """After a refusal: keep what was typed but carry the version now saved, so that saving
        again, once the editor has looked, goes through."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = edit_version(current)
        self.data = data
