"""Every URL of the clubs app, one module per area."""

from clubs.urls import accounts, attendance, calendars, meetings

urlpatterns = [
    *accounts.urlpatterns,
    *meetings.urlpatterns,
    *calendars.urlpatterns,
    *attendance.urlpatterns,
]
