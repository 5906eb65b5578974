"""Storage: everything Baton keeps, in Redis, behind one package (docs/architecture.md#keyspace).

`Store` is the conversation store the core works with (conversations, transcripts, state
changes, locks, the unanswered-message ledger, events); it also hands the other parts their own
records (delivery streams, outboxes, timers, Slack cards, staff sessions, wake-ups), so nothing
outside this package talks to Redis and every key is built by `bot.store.keys.Keys`.

Without REDIS_URL the store is an in-memory Redis (fakeredis) inside the process: for tests and a
one-process demo only, since nothing survives a restart and no second process can share it.
"""

from bot.store.interface import ConversationStore
from bot.store.redis_store import (
    Announcement,
    Appended,
    ConversationNotFound,
    RateLimit,
    RateLimited,
    Snapshot,
    Store,
    Transition,
    connect_redis,
    is_message_id,
    stream_order,
)

__all__ = [
    "Announcement",
    "Appended",
    "ConversationNotFound",
    "ConversationStore",
    "RateLimit",
    "RateLimited",
    "Snapshot",
    "Store",
    "Transition",
    "connect_redis",
    "is_message_id",
    "stream_order",
]
