"""bigauto.adapters.security."""
