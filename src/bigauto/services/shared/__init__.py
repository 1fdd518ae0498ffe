"""bigauto.services.shared."""
