"""Paging a list: checking the page a caller asks for, and one page of the answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import attrs

from bigauto.domain.shared.errors import ValidationFailed

MAX_PAGE_SIZE = 100

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of a list and how many items there are in all."""

    items: Sequence[T]
    total: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        return (self.total + self.limit - 1) // self.limit

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def check_page(page: int, limit: int, *, most: int = MAX_PAGE_SIZE) -> None:
    """ValidationFailed (naming the field) unless ``page`` ≥ 1 and 1 ≤ ``limit`` ≤ ``most``."""
    if page < 1:
        raise ValidationFailed("page starts at 1", details={"field": "page"})
    if not 1 <= limit <= most:
        raise ValidationFailed(
            f"limit must be between 1 and {most}, not {limit}", details={"field": "limit"}
        )


__all__ = ["MAX_PAGE_SIZE", "Page", "check_page"]
