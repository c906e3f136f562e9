# The people and objects the URL suites ask about (test_private_pages,
# test_access) are built next to the URL table they fill, in
# tests/site/urls_table.py.
from tests.site.urls_table import url_world  # noqa: F401
