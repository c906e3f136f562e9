"""Every URL of the clubs app, one module per area."""

from clubs.urls import (
    accounts,
    attendance,
    calendars,
    meetings,
    payment_records,
    referral_reports,
    referrals,
    rewards,
    subscriptions,
)

urlpatterns = [
    *accounts.urlpatterns,
    *meetings.urlpatterns,
    *calendars.urlpatterns,
    *attendance.urlpatterns,
    *payment_records.urlpatterns,
    *referrals.urlpatterns,
    *referral_reports.urlpatterns,
    *rewards.urlpatterns,
    *subscriptions.urlpatterns,
]
