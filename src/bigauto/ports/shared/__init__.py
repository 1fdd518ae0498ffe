"""Ports any context may use: clock, ids, randomness, messaging, email, media, geocoding."""
