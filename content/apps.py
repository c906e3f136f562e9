from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self):
        # Registers with clubs' registries (clubs never imports content): the
        # member's share-link numbers in the file of their data, and the step
        # that runs when a person's account is deleted.
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from content import selectors, services  # noqa: F401

        for signal in (page_published, page_unpublished):
            signal.connect(forget_content_pages, dispatch_uid="content-pages-forget")
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(forget_share_target, dispatch_uid="content-share-target")


def forget_content_pages(sender, **kwargs):
    """The page cache drops every content page once one is published or
    unpublished: menus, indexes and landing pages show other pages."""
    from clubs.caching import CONTENT_TAG, pages_forget

    pages_forget(CONTENT_TAG)


def forget_share_target(sender, instance, **kwargs):
    """Share links forget where a page is once it changes (content.selectors
    `share_target`): cache housekeeping, as above."""
    from wagtail.models import Page

    from content.selectors import share_target_forget

    if isinstance(instance, Page):
        share_target_forget(instance.pk)
