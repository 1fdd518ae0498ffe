"""HTTP routes of the catalogue: listings, photos, favorites, availability, master data."""
