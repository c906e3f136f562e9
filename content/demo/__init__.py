"""The demo's pages for `manage.py seed_demo`: `pages` builds them, `copy`
holds their words in each language."""

from content.demo import copy, pages

__all__ = ["copy", "pages"]
