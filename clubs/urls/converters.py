"""`<token:...>`: the secrets in links that need no login (signed manage and
check-in links, calendar feed tokens, members' share codes).

Each is made of URL-safe base64, `:` and `.`, and nothing else reaches the
view: any other character, a NUL byte above all (PostgreSQL refuses one in
a query), is simply no such page."""

from django.urls import register_converter


class TokenConverter:
    regex = r"[-A-Za-z0-9_.:]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")
