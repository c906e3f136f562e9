"""URLs: links."""

urlpatterns: list = []
