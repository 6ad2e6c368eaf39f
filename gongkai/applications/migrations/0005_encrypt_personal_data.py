import gongkai.encryption
from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    """Encrypt the numbers stored in the clear before, and replace the applicant key (which held
    the ID number) by its keyed hash. Reading a clear value gives it back unchanged; saving
    encrypts it."""
    from gongkai.encryption import keyed_hash

    Application = apps.get_model("applications", "Application")
    batch = []
    for case in Application.objects.only("id_number", "phone", "id_type", "applicant_type", "org_credit_code").iterator():
        if case.applicant_type != "natural" and case.org_credit_code:
            case.applicant_key = keyed_hash("org:" + case.org_credit_code)
        else:
            case.applicant_key = keyed_hash(f"{case.id_type}:{case.id_number}")
        batch.append(case)
        if len(batch) >= 500:
            Application.objects.bulk_update(batch, ["id_number", "phone", "applicant_key"])
            batch = []
    Application.objects.bulk_update(batch, ["id_number", "phone", "applicant_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_caseevent_shape'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='applicant_key',
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='application',
            name='id_number',
            field=gongkai.encryption.EncryptedCharField(max_length=40, verbose_name='证件号码'),
        ),
        migrations.AlterField(
            model_name='application',
            name='phone',
            field=gongkai.encryption.EncryptedCharField(max_length=30, verbose_name='联系电话'),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
