"""Use cases and the machinery around them: the message bus and the outbox relay."""

from bigauto.services.messagebus import MessageBus
from bigauto.services.runtime.outbox import OutboxRelay

__all__ = ["MessageBus", "OutboxRelay"]
