"""Authentication backends that read the learner's profile with the user: almost every
signed-in page uses the profile, and the user is read on every request anyway."""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model


class ProfileWithUser:
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("profile").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(ProfileWithUser, backends.ModelBackend):
    """Django's backend (staff sign in to the admin with it)."""


class AuthenticationBackend(ProfileWithUser, allauth_backends.AuthenticationBackend):
    """allauth's backend (learners sign in with it)."""
