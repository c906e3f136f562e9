"""Words in a language's catalogue for one test.

The Indonesian and Russian catalogues are being filled in by translators;
a test that proves a text goes through gettext in the reader's language
adds the one translation it reads, and takes it away again."""

from contextlib import contextmanager

from django.utils.translation import trans_real


@contextmanager
def translated(language: str, words: dict[str, str]):
    catalogue = trans_real.translation(language)._catalog
    own = catalogue._catalogs[0]
    before = {msgid: own[msgid] for msgid in words if msgid in own}
    own.update(words)
    try:
        yield
    finally:
        for msgid in words:
            own.pop(msgid, None)
        own.update(before)
