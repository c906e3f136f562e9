from django.urls import path

from clubs.views import accounts

urlpatterns = [
    path("accounts/profile/", accounts.profile_edit, name="profile_edit"),
    path(
        "accounts/profile/data.json",
        accounts.personal_data_download,
        name="personal_data_download",
    ),
    path("accounts/delete/", accounts.account_delete, name="account_delete"),
    path("accounts/deleted/", accounts.account_deleted, name="account_deleted"),
]
