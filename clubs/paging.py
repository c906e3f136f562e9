"""Long lists shown a page at a time, with links that keep the query string.

`paged(items, query=request.GET, param="given")` reads the page number from
`param`, so several lists on one page each keep their own place, and every
other parameter (filters, another list's page) stays in the links. Counting
and slicing happen in the database: two queries however long the list.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PER_PAGE = 25


@dataclass(frozen=True)
class Pager:
    page: Page
    param: str
    query: QueryDict
    anchor: str = ""

    def __iter__(self):
        return iter(self.page.object_list)

    def __len__(self):
        return len(self.page.object_list)

    def __bool__(self):
        return self.page.paginator.count > 0

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def previous_url(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self._url(self.page.previous_page_number())

    @property
    def next_url(self) -> str | None:
        if not self.page.has_next():
            return None
        return self._url(self.page.next_page_number())

    def _url(self, number: int) -> str:
        query = self.query.copy()
        if number == 1:
            query.pop(self.param, None)
        else:
            query[self.param] = str(number)
        fragment = f"#{self.anchor}" if self.anchor else ""
        return f"?{query.urlencode()}{fragment}" if query else f"?{fragment}"


def paged(
    items,
    *,
    query: QueryDict,
    param: str = "page",
    per_page: int = PER_PAGE,
    anchor: str = "",
) -> Pager:
    """One page of `items` (an ordered queryset or a list), by `query[param]`;
    a missing or bad number gives the first page, one past the end the last."""
    page = Paginator(items, per_page).get_page(query.get(param))
    return Pager(page=page, param=param, query=query, anchor=anchor)
