from django.urls import path

from clubs import views

urlpatterns = [
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
]
