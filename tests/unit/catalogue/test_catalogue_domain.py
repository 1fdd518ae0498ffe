"""Unit: listing rules, upload checks, photo order and search queries, as the domain states them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bigauto.domain.catalogue.listings import check_listing, check_status_change
from bigauto.domain.catalogue.media import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS_PER_VEHICLE,
    arrange,
    check_upload,
    sniff_image,
    without,
)
from bigauto.domain.catalogue.pricing import RentalOption
from bigauto.domain.catalogue.search import SearchQuery, SortOrder, distance_km, normalise_text
from bigauto.domain.catalogue.vehicles import (
    CarModel,
    Category,
    FuelType,
    ListingStatus,
    Photo,
    Transmission,
    Vehicle,
)
from bigauto.domain.shared.errors import (
    InvalidTransition,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from bigauto.domain.shared.money import Money

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MODEL = CarModel("m1", "b1", "Avanza", "MPV")


def rental(**changes: object) -> Vehicle:
    values: dict[str, object] = dict(
        id="v1",
        seller_id="s1",
        category=Category.RENTAL,
        brand_id="b1",
        model_id="m1",
        year=2022,
        city_id="c1",
        transmission=Transmission.MANUAL,
        fuel_type=FuelType.BENSIN,
        seats=7,
        title="Sewa Avanza",
        created_at=T0,
        daily_rate=Money(300_000),
    )
    values.update(changes)
    return Vehicle(**values)  # type: ignore[arg-type]


def fields(error: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [e["field"] for e in error.value.details["errors"]]


def test_a_sound_rental_passes_the_listing_rules() -> None:
    """A rental with a daily rate, a known model of its brand and a city passes."""
    check_listing(rental(), model=MODEL, city_exists=True, today=date(2026, 1, 1))


def test_every_broken_rule_is_named_at_once() -> None:
    """Year, seats, model/brand, city and price problems come in one error."""
    vehicle = rental(year=1979, seats=61, brand_id="b2", daily_rate=None)
    with pytest.raises(ValidationFailed) as error:
        check_listing(vehicle, model=MODEL, city_exists=False, today=date(2026, 1, 1))
    assert fields(error) == ["year", "seats", "model_id", "city_id", "rates.daily"]


def test_next_years_model_is_allowed_but_not_the_year_after() -> None:
    """Model years run up to the current year plus one."""
    check_listing(rental(year=2027), model=MODEL, city_exists=True, today=date(2026, 6, 1))
    with pytest.raises(ValidationFailed):
        check_listing(rental(year=2028), model=MODEL, city_exists=True, today=date(2026, 6, 1))


def test_a_sale_listing_has_a_price_and_no_rental_terms() -> None:
    """A sale without a price, or with rates or options, is refused."""
    sale = rental(
        category=Category.SALE, daily_rate=Money(1000), options=[RentalOption("X", "x", Money(1))]
    )
    with pytest.raises(ValidationFailed) as error:
        check_listing(sale, model=MODEL, city_exists=True, today=date(2026, 1, 1))
    assert fields(error) == ["price", "rates", "options"]


def test_a_vehicle_for_rent_gives_its_rate_plan_and_one_for_sale_does_not() -> None:
    """rate_plan() carries the rates, deposit and options; a sale listing has none."""
    option = RentalOption("DRIVER", "Driver", Money(200_000))
    plan = rental(
        weekly_rate=Money(1_800_000), deposit=Money(500_000), options=[option]
    ).rate_plan()
    assert (plan.daily, plan.weekly, plan.deposit, plan.options) == (
        Money(300_000),
        Money(1_800_000),
        Money(500_000),
        (option,),
    )
    with pytest.raises(ValidationFailed):
        rental(category=Category.SALE, daily_rate=None, price=Money(9_000_000)).rate_plan()


@pytest.mark.parametrize(
    ("current", "wanted", "allowed"),
    [
        (ListingStatus.DRAFT, ListingStatus.ACTIVE, True),
        (ListingStatus.ACTIVE, ListingStatus.PAUSED, True),
        (ListingStatus.PAUSED, ListingStatus.DRAFT, True),
        (ListingStatus.ACTIVE, ListingStatus.SOLD, False),
        (ListingStatus.RESERVED, ListingStatus.ACTIVE, False),
        (ListingStatus.ACTIVE, ListingStatus.ARCHIVED, False),
    ],
)
def test_an_owner_moves_between_draft_active_and_paused_only(
    current: ListingStatus, wanted: ListingStatus, allowed: bool
) -> None:
    """Reserved, sold and archived belong to orders and deletion."""
    if allowed:
        check_status_change(current, wanted)
    else:
        with pytest.raises(InvalidTransition):
            check_status_change(current, wanted)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xdb rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n rest", "image/png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8L", "image/webp"),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a", None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_images_are_recognised_by_their_magic_bytes(data: bytes, expected: str | None) -> None:
    """JPEG, PNG and WebP are recognised; anything else (or too short) is not."""
    assert sniff_image(data) == expected


@given(st.binary(max_size=64))
def test_sniffing_never_fails_and_only_answers_accepted_types(data: bytes) -> None:
    """Whatever the bytes, the answer is None or an accepted type."""
    assert sniff_image(data) in (None, "image/jpeg", "image/png", "image/webp")


def test_upload_checks_size_then_type_then_count() -> None:
    """Too big: 413 before sniffing; not an image: 415; the 21st photo: 422."""
    with pytest.raises(PayloadTooLarge):
        check_upload(b"x" * (MAX_PHOTO_BYTES + 1), photos_so_far=0)
    with pytest.raises(UnsupportedMediaType):
        check_upload(b"not an image", photos_so_far=0)
    with pytest.raises(ValidationFailed):
        check_upload(b"\xff\xd8\xff", photos_so_far=MAX_PHOTOS_PER_VEHICLE)
    assert check_upload(b"\xff\xd8\xff", photos_so_far=MAX_PHOTOS_PER_VEHICLE - 1) == "image/jpeg"


def photos(n: int, cover: int = 0) -> list[Photo]:
    return [
        Photo(
            f"p{i}",
            "v1",
            f"k{i}",
            f"u{i}",
            f"t{i}",
            "image/png",
            1,
            i,
            i == cover,
            T0 + timedelta(seconds=i),
        )
        for i in range(n)
    ]


@given(
    n=st.integers(1, 8),
    cover=st.integers(0, 7),
    moved=st.integers(0, 7),
    position=st.none() | st.integers(0, 10),
    is_cover=st.none() | st.booleans(),
)
def test_arranging_keeps_every_photo_numbered_with_one_cover(
    n: int, cover: int, moved: int, position: int | None, is_cover: bool | None
) -> None:
    """Whatever is moved where, positions are 0..n-1 and exactly one photo is the cover."""
    before = photos(n, cover % n)
    target = f"p{moved % n}"
    after = arrange(before, target, position=position, is_cover=is_cover)
    assert sorted(p.id for p in after) == sorted(p.id for p in before)
    assert [p.position for p in after] == list(range(n))
    assert sum(p.is_cover for p in after) == 1
    if is_cover:
        assert next(p for p in after if p.id == target).is_cover
    if position is not None:
        assert [p.id for p in after].index(target) == min(position, n - 1)


def test_removing_the_cover_makes_the_first_remaining_photo_the_cover() -> None:
    """The others close ranks; an unknown photo is NotFound."""
    after = without(photos(3, cover=0), "p0")
    assert [(p.id, p.position, p.is_cover) for p in after] == [("p1", 0, True), ("p2", 1, False)]
    assert without(photos(1), "p0") == []
    with pytest.raises(NotFound):
        without(photos(2), "p9")


@pytest.mark.parametrize(
    "changes",
    [
        {"limit": 101},
        {"limit": 0},
        {"page": 0},
        {"sort": SortOrder.DISTANCE},
        {"latitude": Decimal(1)},
        {"radius_km": Decimal(5)},
        {"latitude": Decimal(0), "longitude": Decimal(0), "radius_km": Decimal(0)},
        {"min_year": 2020, "max_year": 2019},
        {"min_price": -1},
        {"seats": 0},
        {"available_from": date(2026, 1, 2)},
        {"available_from": date(2026, 1, 2), "available_to": date(2026, 1, 2)},
        {"available_from": date(2026, 1, 1), "available_to": date(2027, 6, 1)},
        {"text": "a b c d e f g h i"},
    ],
)
def test_a_contradictory_or_unbounded_query_is_refused(changes: dict[str, object]) -> None:
    """SearchQuery validates itself, so no adapter ever sees a nonsensical query."""
    with pytest.raises(ValidationFailed):
        SearchQuery(**changes)  # type: ignore[arg-type]


def test_search_terms_are_lower_case_words_and_offset_follows_the_page() -> None:
    """Text becomes normalised words; page 3 of 20 starts at 40."""
    query = SearchQuery(text="  Toyota   AVANZA ", page=3)
    assert query.terms == ("toyota", "avanza")
    assert query.offset == 40
    assert normalise_text(" Élite\tMPV ") == "élite mpv"


def test_distances_are_great_circle_kilometres() -> None:
    """Jakarta to Surabaya is about 667.6 km as the crow flies; a point is 0 km from itself."""
    assert distance_km(-6.2, 106.816666, -7.250445, 112.768845) == pytest.approx(667.6, abs=0.1)
    assert distance_km(-6.2, 106.8, -6.2, 106.8) == 0
