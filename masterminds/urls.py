"""The members' pages of mastermind groups, under /masterminds/."""

from django.urls import path

from masterminds.views import applications, groups, sessions, subscriptions

urlpatterns = [
    path("", groups.mastermind_list, name="mastermind_list"),
    path("<slug:slug>/", groups.mastermind_detail, name="mastermind_detail"),
    path("<slug:slug>/apply/", applications.mastermind_apply, name="mastermind_apply"),
    path(
        "<slug:slug>/withdraw/",
        applications.mastermind_withdraw,
        name="mastermind_withdraw",
    ),
    path(
        "<slug:slug>/training/", groups.mastermind_training, name="mastermind_training"
    ),
    path("<slug:slug>/leave/", applications.mastermind_leave, name="mastermind_leave"),
    path(
        "<slug:slug>/pay/",
        subscriptions.mastermind_seat_pay,
        name="mastermind_seat_pay",
    ),
    path(
        "<slug:slug>/billing/",
        subscriptions.mastermind_billing,
        name="mastermind_billing",
    ),
    path(
        "<slug:slug>/history/", sessions.mastermind_history, name="mastermind_history"
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/",
        sessions.mastermind_session,
        name="mastermind_session",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/commitment/",
        sessions.session_commitment,
        name="mastermind_commitment",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/commitments/<int:commitment>/mark/",
        sessions.session_commitment_mark,
        name="mastermind_commitment_mark",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/absence/",
        sessions.session_absence,
        name="mastermind_absence",
    ),
]
