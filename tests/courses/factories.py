from decimal import Decimal

import factory

from courses import models


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Platform
        django_get_or_create = ("slug",)

    name = "Coursera"
    slug = factory.LazyAttribute(lambda platform: platform.name.lower())
    audit_free = True
    subscription_min_usd = Decimal(49)
    subscription_max_usd = Decimal(79)
    financial_aid = True


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Institution

    name = factory.Sequence(lambda n: f"University {n}")
    slug = factory.Sequence(lambda n: f"university-{n}")
    kind = models.Institution.Kind.UNIVERSITY
    recognised = True


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    kind = models.Skill.Kind.TOPIC


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    platform = factory.SubFactory(PlatformFactory)
    institution = factory.SubFactory(InstitutionFactory)
    program_type = models.Course.ProgramType.SINGLE_COURSE
    rating = Decimal("9.0")
    level = models.Course.Level.INTERMEDIATE
    estimated_hours = Decimal(30)
    summary = "A course."

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assignment

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Assignment {n}")
    kind = models.Assignment.Kind.CODING
    position = factory.Sequence(lambda n: n + 1)
    estimated_hours = Decimal(3)


class PathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Path

    title = factory.Sequence(lambda n: f"Path {n}")
    slug = factory.Sequence(lambda n: f"path-{n}")
    track = models.Path.Track.BUILDER
    audience = "Programmers who want to build models."


class PathStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PathStep

    path = factory.SubFactory(PathFactory)
    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    why_here = "Because it builds on what came before."
