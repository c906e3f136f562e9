from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        # Its step when a person's account is deleted, with clubs' registry
        # (clubs never imports content).
        from content import services  # noqa: F401
