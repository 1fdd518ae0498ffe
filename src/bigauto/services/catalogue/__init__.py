"""Use cases of the catalogue: listings, photos, favorites, the calendar, search."""
