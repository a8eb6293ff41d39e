from django.db import migrations, models

from learners.markdown import render_markdown


def render_saved_check_ins(apps, schema_editor):
    """Check-ins saved before their HTML was stored: rendered as the service renders them."""
    CheckIn = apps.get_model("groups", "CheckIn")
    for check_in in CheckIn.objects.all():
        for name in ("did", "next", "stuck"):
            setattr(check_in, f"{name}_html", render_markdown(getattr(check_in, name), top_level=6))
        check_in.save(update_fields=["did_html", "next_html", "stuck_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="did_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="checkin",
            name="next_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="checkin",
            name="stuck_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_saved_check_ins, migrations.RunPython.noop),
    ]
