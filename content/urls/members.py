"""URLs: members."""

urlpatterns: list = []
