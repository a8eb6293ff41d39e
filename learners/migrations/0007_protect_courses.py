"""A course with a learner's hours on it cannot be deleted: PROTECT on a study session's
course, as on the learner's other rows that name a course (Django's state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_updated_at"),
        ("learners", "0006_profile_colour_theme"),
    ]

    operations = [
        migrations.AlterField(
            model_name="studysession",
            name="course",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="study_sessions",
                to="courses.course",
            ),
        ),
    ]
