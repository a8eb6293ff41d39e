"""The catalog's version as a database view (see courses/versions.py): SQL that PostgreSQL and
SQLite both run."""

from django.db import migrations, models

CREATE_VIEW = """
CREATE VIEW courses_catalogtableversion AS
    SELECT 'courses.Platform' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_platform
    UNION ALL SELECT 'courses.Institution' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_institution
    UNION ALL SELECT 'courses.Skill' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_skill
    UNION ALL SELECT 'courses.Course' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_course
    UNION ALL SELECT 'courses.Assignment' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_assignment
    UNION ALL SELECT 'courses.Path' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_path
    UNION ALL SELECT 'courses.PathStep' AS "table", COUNT(*) AS "rows", CAST(MAX(updated_at) AS TEXT) AS latest FROM courses_pathstep
    UNION ALL SELECT 'courses.Course_skills' AS "table", COUNT(*) AS "rows", CAST(MAX(id) AS TEXT) AS latest FROM courses_course_skills
    UNION ALL SELECT 'courses.Assignment_skills' AS "table", COUNT(*) AS "rows", CAST(MAX(id) AS TEXT) AS latest FROM courses_assignment_skills
    UNION ALL SELECT 'courses.CourseRealHours' AS "table", COUNT(*) AS "rows", CAST(MAX(computed_at) AS TEXT) AS latest FROM courses_courserealhours
"""


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_course_real_hours")]

    operations = [
        migrations.RunSQL(CREATE_VIEW, "DROP VIEW courses_catalogtableversion"),
        migrations.CreateModel(
            name="CatalogTableVersion",
            fields=[
                ("table", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("rows", models.IntegerField()),
                ("latest", models.TextField(null=True)),
            ],
            options={
                "db_table": "courses_catalogtableversion",
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
