"""In-memory repositories of the catalogue: listings, master data, photos, favorites."""
