from django.urls import path

from .views import group, invite, manage, mine

app_name = "groups"

urlpatterns = [
    path("groups/", mine.group_list, name="list"),
    path("groups/new/", mine.group_start, name="start"),
    path("groups/<int:group_id>/", group.group_detail, name="detail"),
    path("groups/<int:group_id>/sharing/", group.sharing, name="sharing"),
    path("groups/<int:group_id>/check-in/", group.check_in, name="check_in"),
    path(
        "groups/<int:group_id>/check-ins/<int:check_in_id>/edit/",
        group.check_in_edit,
        name="check_in_edit",
    ),
    path(
        "groups/<int:group_id>/check-ins/<int:check_in_id>/delete/",
        group.check_in_delete,
        name="check_in_delete",
    ),
    path("groups/<int:group_id>/leave/", group.leave, name="leave"),
    path("groups/<int:group_id>/manage/", manage.manage, name="manage"),
    path("groups/<int:group_id>/rename/", manage.rename, name="rename"),
    path("groups/<int:group_id>/invite/", manage.invite_renew, name="invite_renew"),
    path(
        "groups/<int:group_id>/members/<int:membership_id>/remove/",
        manage.member_remove,
        name="member_remove",
    ),
    path(
        "groups/<int:group_id>/members/<int:membership_id>/owner/",
        manage.hand_over,
        name="hand_over",
    ),
    path("groups/<int:group_id>/delete/", manage.delete, name="delete"),
    path("groups/<int:group_id>/join/<str:token>/", invite.join, name="join"),
]
