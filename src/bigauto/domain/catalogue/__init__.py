"""The catalogue: vehicles, listings, photos, the availability calendar, search criteria."""
