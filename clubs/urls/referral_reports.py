from django.urls import path

from clubs.views import referral_reports

urlpatterns = [
    path(
        "clubs/<slug:slug>/referrals/",
        referral_reports.club_referrals_report,
        name="club_referrals_report",
    ),
    path(
        "clubs/<slug:slug>/referrals.csv",
        referral_reports.club_referrals_csv,
        name="club_referrals_csv",
    ),
    path(
        "clubs/<slug:slug>/referrals/graph.svg",
        referral_reports.club_referrals_graph,
        name="club_referrals_graph",
    ),
]
