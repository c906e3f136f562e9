from django.urls import path

from clubs.views import rewards

urlpatterns = [
    path("accounts/rewards/", rewards.my_rewards, name="my_rewards"),
    path("accounts/rewards/<int:pk>/", rewards.my_reward, name="my_reward"),
    path("clubs/<slug:slug>/rewards/", rewards.club_rewards, name="club_rewards"),
    path(
        "clubs/<slug:slug>/rewards/<int:pk>/handed-over/",
        rewards.club_reward_fulfil,
        name="club_reward_fulfil",
    ),
]
