from django.urls import path

from clubs.views import rewards

urlpatterns = [
    path("clubs/<slug:slug>/rewards/", rewards.club_rewards, name="club_rewards"),
    path(
        "clubs/<slug:slug>/rewards/<int:pk>/handed-over/",
        rewards.club_reward_fulfil,
        name="club_reward_fulfil",
    ),
]
