from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        # Registers with clubs' registries (clubs never imports content): the
        # member's share-link numbers in the file of their data, and the step
        # that runs when a person's account is deleted.
        from content import selectors, services  # noqa: F401
