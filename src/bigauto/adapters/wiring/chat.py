"""Chat's providers: presence, the process's hub, the use cases and each socket's session.

Presence lives in Redis when ``REDIS_URL`` is set (seen by every instance), else in process.
The hub carries frames between this process's sockets and the live channel (NATS subjects
``chat.{conversation_id}`` reach sockets on other instances).
"""

from __future__ import annotations

from datetime import timedelta

import redis.asyncio as redis
from dependency_injector import providers

from bigauto.adapters.memory import MemoryPresenceStore
from bigauto.adapters.redis import RedisPresenceStore
from bigauto.adapters.wiring.catalogue import CatalogueProviders
from bigauto.adapters.wiring.identity import IdentityProviders
from bigauto.adapters.wiring.resources import Client
from bigauto.adapters.wiring.shared import Shared
from bigauto.ports.chat.presence import PresenceStore
from bigauto.ports.shared.messaging import LiveChannel
from bigauto.ports.shared.system import IdGenerator
from bigauto.services.chat.conversations import Chat, ChatConfig
from bigauto.services.chat.hub import ChatHub, FanoutRetry
from bigauto.services.chat.session import ChatSession
from bigauto.services.chat.settings import ChatSettings
from bigauto.services.runtime.worker_parts import WorkerParts


def _presence_store(redis_client: redis.Redis | None) -> PresenceStore:
    return RedisPresenceStore(redis_client) if redis_client is not None else MemoryPresenceStore()


def _chat_hub(live: LiveChannel, ids: IdGenerator) -> ChatHub:
    # Each process is one instance: its id tells its own frames apart when NATS echoes them.
    return ChatHub(live, instance_id=ids.new_id())


def _chat_config(chat: ChatSettings) -> ChatConfig:
    return ChatConfig(
        edit_window=timedelta(minutes=chat.edit_window_minutes),
        presence_ttl=chat.presence_ttl,
        typing_interval=chat.typing_interval,
    )


class ChatProviders(Shared):
    """Conversations, messages and the sockets that carry them."""

    presence_store = providers.Singleton(_presence_store, Shared.redis_client)
    # Closed before the live channel it subscribes on.
    chat_hub = Client(_chat_hub, Shared.live_channel, Shared.ids)
    chat_fanout = providers.Singleton(FanoutRetry, Shared.live_channel)
    chat = providers.Singleton(
        Chat,
        uow_factory=Shared.uow_factory,
        clock=Shared.clock,
        ids=Shared.ids,
        hub=chat_hub,
        media=CatalogueProviders.media_storage,
        config=providers.Singleton(_chat_config, Shared.settings.provided.chat),
    )
    #: One socket's session: call with ``user_id=`` and ``conversation_id=``.
    chat_session = providers.Factory(
        ChatSession,
        chat,
        presence_store,
        IdentityProviders.rate_limiter,
        Shared.clock,
        connection_id=Shared.ids.provided.new_id.call(),
        chat_rule=Shared.settings.provided.runtime.effective_rate_limits.chat_messages,
        frame_rule=Shared.settings.provided.chat.frame_rate,
    )
    chat_worker = providers.Factory(
        WorkerParts, handlers=providers.List(chat_fanout.provided.register)
    )


__all__ = ["ChatProviders"]
