"""In-process adapters: unit of work, clocks, ids, randomness, event bus and stream, live
channel and presence.

They serve both as test fakes and as the embedded defaults of a service run without any
configuration.
"""

from bigauto.adapters.memory.bus import InProcessEventBus, subject_matches
from bigauto.adapters.memory.chat.presence import MemoryPresenceStore
from bigauto.adapters.memory.clock import FixedClock, SystemClock
from bigauto.adapters.memory.ids import SequentialIds, UuidV7Generator
from bigauto.adapters.memory.live import MemoryLiveChannel
from bigauto.adapters.memory.randomness import SecretsRandom
from bigauto.adapters.memory.stream import MemoryEventStream
from bigauto.adapters.memory.uow import MemoryDatabase, MemoryUnitOfWork, MemoryUnitOfWorkFactory

__all__ = [
    "FixedClock",
    "InProcessEventBus",
    "MemoryDatabase",
    "MemoryEventStream",
    "MemoryLiveChannel",
    "MemoryPresenceStore",
    "MemoryUnitOfWork",
    "MemoryUnitOfWorkFactory",
    "SecretsRandom",
    "SequentialIds",
    "SystemClock",
    "UuidV7Generator",
    "subject_matches",
]
