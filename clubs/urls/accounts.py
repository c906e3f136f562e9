from django.urls import path

from clubs.views import accounts

urlpatterns = [
    path("accounts/profile/", accounts.profile_edit, name="profile_edit"),
]
