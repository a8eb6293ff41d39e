"""A course with learner rows cannot be deleted: PROTECT on a study session's course, and the
projects' course links become a model of their own whose course is protected. That model
keeps the table Django made for the many-to-many field, so only Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_updated_at"),
        ("learners", "0004_notes_activity_feed_tokens"),
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
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProjectCourse",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "course",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="courses.course",
                            ),
                        ),
                        (
                            "portfolioproject",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="learners.portfolioproject",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learners_portfolioproject_courses",
                        "unique_together": {("portfolioproject", "course")},
                    },
                ),
                migrations.AlterField(
                    model_name="portfolioproject",
                    name="courses",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="projects",
                        through="learners.ProjectCourse",
                        to="courses.course",
                    ),
                ),
            ],
        ),
    ]
