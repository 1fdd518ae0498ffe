"""SQL tables and repositories of the catalogue, and the listing search."""
