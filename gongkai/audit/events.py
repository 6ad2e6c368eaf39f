"""Writing a RecordEvent: called by a service inside its own transaction."""

from .models import RecordEvent


def record_event(
    *, obj, actor, verb, agency=None, before=None, after=None, reason="", object_type=None, object_repr=None
):
    """The event of `obj` (a model instance, or the agency when a service writes many rows at once,
    with `object_type` naming what it wrote). The agency defaults to the object's own; an
    anonymous visitor is recorded as no actor."""
    if agency is None:
        agency = obj if obj._meta.label_lower == "accounts.agency" else getattr(obj, "agency", None)
    return RecordEvent.objects.create(
        agency=agency,
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=object_type or obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj if object_repr is None else object_repr)[:200],
        before=before or {},
        after=after or {},
        reason=reason,
    )


def field_values(record, names=None) -> dict:
    """The record's field values as JSON-ready text (dates ISO, foreign keys by id)."""
    values = {}
    for f in record._meta.concrete_fields:
        if f.primary_key or (names is not None and f.name not in names):
            continue
        value = f.value_from_object(record)
        values[f.attname] = value if value is None or isinstance(value, (bool, int, str)) else str(value)
    return values


def changes(stored, record) -> tuple[dict, dict]:
    """(before, after): the fields whose value differs between the stored row and `record`."""
    old, new = (field_values(stored) if stored is not None else {}), field_values(record)
    changed = [k for k in new if old.get(k) != new[k]]
    return {k: old[k] for k in changed if k in old}, {k: new[k] for k in changed}
