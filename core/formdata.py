"""Plain data between views and services.

Views validate with forms; services take the validated values, never a form (HackSoft style), so
that a service can be called from a view, a task, an import or a test alike. ``formset_rows`` turns
a validated model formset into rows; ``assign`` and ``rows_save`` write such values onto models.

A row is a dict of the form's cleaned values plus ``id`` (None for a new row) and ``delete``.
"""

from django.db import models

_NOT_VALUES = {"id", "DELETE", "ORDER"}


def formset_rows(formset) -> list[dict]:
    """The rows of a validated model formset: existing rows (changed or not, kept or deleted)
    and the filled-in new ones, in the order the person gave them when the formset orders."""
    skip = set(_NOT_VALUES)
    if getattr(formset, "fk", None) is not None:
        skip.add(formset.fk.name)  # the parent, which the service knows

    def row(form, delete):
        values = {name: value for name, value in form.cleaned_data.items() if name not in skip}
        return {**values, "id": form.instance.pk, "delete": delete}

    deleted = [f for f in formset.deleted_forms if f.instance.pk]
    if formset.can_order:
        kept = formset.ordered_forms
    else:
        initial = formset.initial_form_count()
        kept = [
            f
            for i, f in enumerate(formset.forms)
            if (i < initial or f.has_changed()) and f not in formset.deleted_forms
        ]
    return [row(f, False) for f in kept] + [row(f, True) for f in deleted]


def assign(instance: models.Model, values: dict) -> tuple[bool, dict]:
    """Set ``values`` on ``instance`` without saving. Returns whether a concrete field changed,
    and the many-to-many values to ``set()`` once the row is saved."""
    changed, many = False, {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
            continue
        # Compare foreign keys by id: reading the related object could cost a query per row.
        old = getattr(instance, field.attname)
        new = value.pk if field.many_to_one and value is not None else value
        if old != new:
            changed = True
        setattr(instance, name, value)
    return changed, many


def many_set(instance: models.Model, many: dict) -> None:
    for name, value in many.items():
        getattr(instance, name).set(value)


def rows_save(model, *, parent: dict, rows: list[dict], position: str | None = None) -> None:
    """Write child rows of one parent: delete, then update, then create, so that a value freed by
    a deleted or changed row can be taken by another. ``parent`` is the foreign key, e.g.
    ``{"plan": plan}``; a row id of another parent is refused (``DoesNotExist``). Unchanged rows are
    not written. With ``position``, the kept rows are numbered 1, 2, … in the order of ``rows``."""
    existing = {obj.pk: obj for obj in model._default_manager.filter(**parent)}
    ids = [row["id"] for row in rows if row["id"] is not None]
    if unknown := [pk for pk in ids if pk not in existing]:
        raise model.DoesNotExist(f"{model.__name__} {unknown} is not a row of {parent}")
    doomed = [row["id"] for row in rows if row["delete"] and row["id"] is not None]
    if doomed:
        model._default_manager.filter(pk__in=doomed).delete()
    kept = [row for row in rows if not row["delete"]]
    new = []
    for number, row in enumerate(kept, 1):
        values = {k: v for k, v in row.items() if k not in ("id", "delete")}
        if position:
            values[position] = number
        if row["id"] is None:
            obj = model(**parent)
            new.append((obj, assign(obj, values)[1]))
            continue
        obj = existing[row["id"]]
        changed, many = assign(obj, values)
        if changed:
            obj.save()
        many_set(obj, many)
    for obj, many in new:
        obj.save()
        many_set(obj, many)
