"""Properties of the socket's frame Structs: any text is a client frame or an INVALID_FRAME, and
what the server encodes decodes back to the same frame."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.chat.errors import InvalidFrame
from bigauto.entrypoints.http.chat.frames import (
    CLIENT_FRAMES,
    NewMessage,
    Presence,
    ServerFrame,
    client_frame,
    encoded,
)

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
_FRAMELIKE = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "typing", "read", "ping", "pong", "x"])},
    optional={
        "content": _JSON,
        "is_typing": _JSON,
        "message_id": _JSON,
        "client_id": _JSON,
        "attachments": _JSON,
    },
)
_IDS = st.text("abcdef0123456789-", min_size=1, max_size=36)
_MOMENTS = st.integers(0, 10**9).map(
    lambda s: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=s)
)


@given(st.one_of(_JSON, _FRAMELIKE).map(json.dumps) | st.text(max_size=40))
def test_any_text_is_a_client_frame_or_an_invalid_frame(text: str) -> None:
    """Whatever a client sends, the decoder answers a frame or INVALID_FRAME, nothing else."""
    try:
        frame = client_frame(text)
    except InvalidFrame as refused:
        assert refused.message
    else:
        assert isinstance(frame, CLIENT_FRAMES)


@given(
    st.builds(
        NewMessage,
        id=_IDS,
        conversation_id=_IDS,
        sender_id=_IDS,
        content=st.text(max_size=50),
        created_at=_MOMENTS,
        client_id=st.none() | _IDS,
    )
    | st.builds(Presence, user_id=_IDS, online=st.booleans(), last_seen_at=st.none() | _MOMENTS)
)
def test_server_frames_round_trip_through_their_structs(frame: NewMessage | Presence) -> None:
    """decode(encode(frame)) == frame, tagged by its type."""
    assert msgspec.json.decode(encoded(frame), type=ServerFrame) == frame
