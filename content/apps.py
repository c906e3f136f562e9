from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        # Adds the member's share-link numbers to the file of their data
        # (clubs.selectors.personal_data; clubs never imports content).
        from content import selectors  # noqa: F401
