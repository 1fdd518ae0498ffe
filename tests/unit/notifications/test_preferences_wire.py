"""The preferences body and view name every notification category, and only those."""

from __future__ import annotations

import msgspec
import pytest

from bigauto.domain.notifications.inbox import NotificationCategory, NotificationPreferences
from bigauto.entrypoints.http.notifications.views import (
    EmailChoices,
    EmailSettings,
    preferences_view,
)

CATEGORIES = [category.value for category in NotificationCategory]


@pytest.mark.parametrize("wire", [EmailChoices, EmailSettings])
def test_the_wire_types_have_one_field_per_category_in_order(
    wire: type[msgspec.Struct],
) -> None:
    """A category added to the domain must be added to the body and the view too."""
    assert list(wire.__struct_fields__) == CATEGORIES


def test_only_the_categories_given_are_chosen() -> None:
    """An absent category keeps its setting: it is not in what the body chose."""
    choices = msgspec.convert({"chat": False, "booking": True}, EmailChoices)
    assert choices.chosen() == {"booking": True, "chat": False}


def test_the_view_shows_every_category() -> None:
    """A turned-off category is false, the rest true."""
    preferences = NotificationPreferences("ana").with_email(NotificationCategory.CHAT, False)
    shown = msgspec.to_builtins(preferences_view(preferences))
    assert shown == {"email": {c: c != "chat" for c in CATEGORIES}}
