# The admin's editor, for every catalog test that works as staff.
from .test_admin import editor, editor_client  # noqa: F401
