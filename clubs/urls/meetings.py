from django.urls import path

from clubs.urls import converters  # noqa: F401  (registers <token:>)
from clubs.views import meetings, payments

urlpatterns = [
    path("clubs/", meetings.club_directory, name="club_directory"),
    path("clubs/<slug:slug>/", meetings.club_detail, name="club_detail"),
    path("clubs/<slug:slug>/join/", meetings.club_join, name="club_join"),
    path("clubs/<slug:slug>/leave/", meetings.club_leave, name="club_leave"),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/",
        meetings.occurrence_detail,
        name="occurrence_detail",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/register/",
        meetings.occurrence_register,
        name="occurrence_register",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/registered/",
        meetings.occurrence_registered,
        name="occurrence_registered",
    ),
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/resend-link/",
        meetings.registration_link_resend_view,
        name="registration_link_resend",
    ),
    path("accounts/meetings/", meetings.my_meetings, name="my_meetings"),
    path(
        "registrations/<token:token>/",
        meetings.registration_manage,
        name="registration_manage",
    ),
    path(
        "registrations/<token:token>/cancel/",
        meetings.registration_cancel_confirm,
        name="registration_cancel",
    ),
    path(
        "registrations/<token:token>/restore/",
        meetings.registration_restore_view,
        name="registration_restore",
    ),
    path(
        "registrations/<token:token>/pay/",
        payments.registration_pay,
        name="registration_pay",
    ),
]
