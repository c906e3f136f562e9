"""Share-link visits waiting to be counted, kept in the cache.

Following a share link must not write to the database: a popular link would
make every visitor wait on one hot row (member, page, day). The redirect adds
one to a counter here instead, and `content.services.link_visits_flush` moves
the counters into `LinkVisit` in one transaction.

The counters live in one hash, field "member:page:day". A flush first *takes*
them: the hash is renamed to a batch of its own, under a new batch id, in one
step, so visits arriving meanwhile start a fresh hash and none is lost. The
batch stays in the cache until the database has it; the batch id is written
with the counts, so a flush that died after its commit is never applied
twice (see the service).

With Redis (production) the counters are shared by every app server and the
task worker. With the local-memory cache (development) they live in the web
process, which is where the flush reads them: the member's share page flushes
before it reads.
"""

import threading
import uuid
from dataclasses import dataclass
from datetime import date

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

CACHE = "counters"
PENDING = "link-visits:pending"
TAKEN = "link-visits:taken"  # the batch being flushed: one at a time
BATCH_FIELD = "batch"


@dataclass(frozen=True)
class Batch:
    """Counters taken for one flush: (member id, page id, day) → visits."""

    batch_id: uuid.UUID
    counts: dict[tuple[int, int, date], int]


def visit_add(*, member_id: int, page_id: int, day: date) -> None:
    """One more visit through a member's link to a page on a day."""
    _store().add(f"{member_id}:{page_id}:{day.isoformat()}")


def batch_take() -> Batch | None:
    """The counters to flush: a batch left by a flush that did not finish, or
    else everything pending now (which is then cleared). None when empty."""
    fields = _store().take()
    if not fields:
        return None
    batch_id = uuid.UUID(fields.pop(BATCH_FIELD))
    counts = {}
    for field, visits in fields.items():
        member_id, page_id, day = field.split(":")
        key = (int(member_id), int(page_id), date.fromisoformat(day))
        counts[key] = int(visits)
    return Batch(batch_id=batch_id, counts=counts)


def batch_done(batch_id: uuid.UUID) -> None:
    """The database has this batch: forget it (and only it: a later batch
    taken meanwhile stays)."""
    _store().done(str(batch_id))


def pending_count() -> int:
    """How many (member, page, day) counters wait for a flush (for tests and
    the worker's log)."""
    return _store().pending()


def _store():
    cache = caches[CACHE]
    if isinstance(cache, RedisCache):
        return _RedisStore(cache)
    return _LocalStore(cache)


_TAKE_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], 'batch', ARGV[1])
return 1
"""

_DONE_SCRIPT = """
if redis.call('HGET', KEYS[1], 'batch') == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 0
"""


class _RedisStore:
    def __init__(self, cache: RedisCache):
        self.client = cache._cache.get_client(write=True)
        self.pending_key = cache.make_and_validate_key(PENDING)
        self.taken_key = cache.make_and_validate_key(TAKEN)

    def add(self, field: str) -> None:
        self.client.hincrby(self.pending_key, field, 1)

    def take(self) -> dict[str, str]:
        # A batch an earlier flush left is taken again as it is. Otherwise:
        # rename and stamp in one step: the pending hash becomes the batch at
        # once, and visits arriving after start a new pending hash.
        taken = self.client.eval(
            _TAKE_SCRIPT, 2, self.pending_key, self.taken_key, str(uuid.uuid4())
        )
        return self._read(self.taken_key) if taken else {}

    def done(self, batch_id: str) -> None:
        self.client.eval(_DONE_SCRIPT, 1, self.taken_key, batch_id)

    def pending(self) -> int:
        return self.client.hlen(self.pending_key)

    def _read(self, key) -> dict[str, str]:
        fields = self.client.hgetall(key)
        return {k.decode(): v.decode() for k, v in fields.items()}


# The local-memory cache is one process's: a lock of that process makes each
# read-modify-write of the counters whole.
_local_lock = threading.Lock()


class _LocalStore:
    def __init__(self, cache):
        self.cache = cache

    def add(self, field: str) -> None:
        with _local_lock:
            pending = self.cache.get(PENDING) or {}
            pending[field] = pending.get(field, 0) + 1
            self.cache.set(PENDING, pending, timeout=None)

    def take(self) -> dict[str, str]:
        with _local_lock:
            taken = self.cache.get(TAKEN)
            if taken:
                return dict(taken)
            pending = self.cache.get(PENDING)
            if not pending:
                return {}
            taken = {**pending, BATCH_FIELD: str(uuid.uuid4())}
            self.cache.set(TAKEN, taken, timeout=None)
            self.cache.delete(PENDING)
            return dict(taken)

    def done(self, batch_id: str) -> None:
        with _local_lock:
            taken = self.cache.get(TAKEN) or {}
            if taken.get(BATCH_FIELD) == batch_id:
                self.cache.delete(TAKEN)

    def pending(self) -> int:
        return len(self.cache.get(PENDING) or {})
