from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from learners import models

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A learner who signed up and verified their e-mail address."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )


class ProfileFactory(factory.django.DjangoModelFactory):
    """An onboarded learner's profile."""

    class Meta:
        model = models.Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda profile: profile.user.username.title())
    weekly_goal_hours = Decimal(8)
    time_zone = "Europe/Berlin"
    background = models.Profile.BackgroundChoice.PROGRAMMER
    target_role = models.Profile.TargetRoleChoice.ML_ENGINEER
    onboarded_at = factory.LazyFunction(timezone.now)
