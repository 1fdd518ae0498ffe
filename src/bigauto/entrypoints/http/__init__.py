"""bigauto.entrypoints.http."""
