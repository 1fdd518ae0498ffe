"""bigauto.services.catalogue."""
