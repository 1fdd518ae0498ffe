"""Ports of the catalogue: listings, master data, photos, favorites, calendar, search."""
