"""Personal share links and the share buttons that count them."""


urlpatterns: list = []
