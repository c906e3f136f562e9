from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        # Registers with clubs' registries (clubs never imports content): the
        # member's share-link numbers in the file of their data, and the step
        # that runs when a person's account is deleted.
        from wagtail.signals import page_published, page_unpublished

        from content import selectors, services  # noqa: F401

        for signal in (page_published, page_unpublished):
            signal.connect(forget_content_pages, dispatch_uid="content-pages-forget")


def forget_content_pages(sender, **kwargs):
    """The page cache drops every content page once one is published or
    unpublished: menus, indexes and landing pages show other pages."""
    from clubs.caching import CONTENT_TAG, pages_forget

    pages_forget(CONTENT_TAG)
