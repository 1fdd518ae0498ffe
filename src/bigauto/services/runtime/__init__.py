"""bigauto.services.runtime."""
