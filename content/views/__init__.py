"""Views of the content app outside Wagtail pages, one module per area."""
