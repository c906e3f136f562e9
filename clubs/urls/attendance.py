from django.urls import path

from clubs.urls import converters  # noqa: F401  (registers <token:>)
from clubs.views import attendance

urlpatterns = [
    path(
        "clubs/<slug:slug>/meetings/<int:pk>/attendance/",
        attendance.occurrence_attendance,
        name="occurrence_attendance",
    ),
    path(
        "check-in/<token:token>/",
        attendance.registration_check_in,
        name="registration_check_in",
    ),
    path(
        "clubs/<slug:slug>/attendance/",
        attendance.club_attendance_report,
        name="club_attendance_report",
    ),
    path(
        "clubs/<slug:slug>/attendance.csv",
        attendance.club_attendance_csv,
        name="club_attendance_csv",
    ),
    path("accounts/attendance/", attendance.my_attendance, name="my_attendance"),
]
