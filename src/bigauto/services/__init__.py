"""bigauto.services."""
