from django.db import migrations, models

# Each kind of evidence of a skill in one list (learners.evidence.SkillEvidence). Plain SQL
# that PostgreSQL and SQLite both run; a filter on the view (a learner) reaches each branch of
# the UNION ALL, so it still reads through their user indexes. "certificate" is
# PlanStep.SkipReason.CERTIFICATE.
SKILL_EVIDENCE_VIEW = """
CREATE VIEW learners_skillevidence AS
SELECT 'completion' AS kind, completion.id AS source_id, completion.user_id AS user_id,
       tagged.skill_id AS skill_id, completion.day AS day, NULL AS updated_at,
       assignment.title AS title, course.title AS course_title, NULL AS public,
       '' AS certificate_issuer, '' AS certificate_url
FROM learners_assignmentcompletion AS completion
JOIN courses_assignment AS assignment ON assignment.id = completion.assignment_id
JOIN courses_course AS course ON course.id = assignment.course_id
JOIN courses_assignment_skills AS tagged ON tagged.assignment_id = assignment.id
UNION ALL
SELECT 'project', project.id, project.user_id,
       tagged.skill_id, NULL, project.updated_at,
       project.title, '', project.public,
       '', ''
FROM learners_portfolioproject AS project
JOIN learners_portfolioproject_skills AS tagged ON tagged.portfolioproject_id = project.id
UNION ALL
SELECT 'certificate', step.id, step.user_id,
       tagged.skill_id, NULL, NULL,
       course.title, course.title, NULL,
       step.certificate_issuer, step.certificate_url
FROM learners_planstep AS step
JOIN courses_course AS course ON course.id = step.course_id
JOIN courses_course_skills AS tagged ON tagged.course_id = course.id
WHERE step.skipped_reason = 'certificate'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_catalog_table_version_view"),
        ("learners", "0010_own_plan"),
    ]

    operations = [
        migrations.CreateModel(
            name="SkillEvidence",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind",
                        "source_id",
                        "skill",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("completion", "Completion"),
                            ("project", "Project"),
                            ("certificate", "Certificate"),
                        ],
                        max_length=11,
                    ),
                ),
                ("source_id", models.BigIntegerField()),
                ("day", models.DateField(null=True)),
                ("updated_at", models.DateTimeField(null=True)),
                ("title", models.CharField(max_length=160)),
                ("course_title", models.CharField(max_length=160)),
                ("public", models.BooleanField(null=True)),
                ("certificate_issuer", models.CharField(max_length=120)),
                ("certificate_url", models.URLField(max_length=2048)),
            ],
            options={
                "db_table": "learners_skillevidence",
                "managed": False,
            },
        ),
        migrations.RunSQL(SKILL_EVIDENCE_VIEW, "DROP VIEW learners_skillevidence"),
    ]
