"""In-process adapters: the memory unit of work, clocks, ids, randomness and the event bus.

They serve both as test fakes and as the embedded defaults of a service run without any
configuration.
"""

from bigauto.adapters.memory.bus import InProcessEventBus, subject_matches
from bigauto.adapters.memory.clock import FixedClock, SystemClock
from bigauto.adapters.memory.ids import SequentialIds, UuidV7Generator
from bigauto.adapters.memory.randomness import SecretsRandom
from bigauto.adapters.memory.uow import MemoryDatabase, MemoryUnitOfWork, MemoryUnitOfWorkFactory

__all__ = [
    "FixedClock",
    "InProcessEventBus",
    "MemoryDatabase",
    "MemoryUnitOfWork",
    "MemoryUnitOfWorkFactory",
    "SecretsRandom",
    "SequentialIds",
    "SystemClock",
    "UuidV7Generator",
    "subject_matches",
]
