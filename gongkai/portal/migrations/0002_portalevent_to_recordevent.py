"""The portal's audit rows move into gongkai.audit's RecordEvent (the one event shape): kind →
verb, subject → object_repr, data → after; the object is the feedback, open day or opinion that
the data named."""

from django.db import migrations

OBJECTS = (("feedback", "portal.feedback"), ("opinion", "portal.opendayopinion"), ("open_day", "portal.openday"))


def forwards(apps, schema_editor):
    PortalEvent = apps.get_model("portal", "PortalEvent")
    RecordEvent = apps.get_model("audit", "RecordEvent")
    rows = []
    for e in PortalEvent.objects.all().iterator():
        data = dict(e.data or {})
        object_type, object_id = next(((t, str(data[k])) for k, t in OBJECTS if k in data), ("portal.event", ""))
        rows.append(RecordEvent(
            agency_id=e.agency_id, actor_id=e.actor_id, verb=e.kind, at=e.at, after=data,
            object_type=object_type, object_id=object_id, object_repr=e.subject,
        ))
    RecordEvent.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    PortalEvent = apps.get_model("portal", "PortalEvent")
    RecordEvent = apps.get_model("audit", "RecordEvent")
    moved = RecordEvent.objects.filter(object_type__startswith="portal.", agency__isnull=False)
    rows = [
        PortalEvent(agency_id=e.agency_id, actor_id=e.actor_id, kind=e.verb, subject=e.object_repr, data=e.after, at=e.at)
        for e in moved.iterator()
    ]
    PortalEvent.objects.bulk_create(rows, batch_size=1000)
    moved.delete()  # back where they came from: a later forward run must not copy them twice


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel("PortalEvent"),
    ]
