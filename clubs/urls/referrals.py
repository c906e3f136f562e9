from django.urls import path

from clubs.views import referrals

urlpatterns = [
    path("referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path(
        "referrals/<int:pk>/status/", referrals.referral_status, name="referral_status"
    ),
    path("referrals/<int:pk>/thank/", referrals.referral_thank, name="referral_thank"),
    path(
        "referrals/<int:pk>/agenda/", referrals.referral_agenda, name="referral_agenda"
    ),
    path(
        "referrals/<int:pk>/erase-prospect/",
        referrals.referral_prospect_erase,
        name="referral_prospect_erase",
    ),
    path("accounts/referrals/", referrals.my_referrals, name="my_referrals"),
    path("accounts/referrals.csv", referrals.my_referrals_csv, name="my_referrals_csv"),
    path(
        "clubs/<slug:slug>/referrals/stale/",
        referrals.club_stale_referrals,
        name="club_stale_referrals",
    ),
]
