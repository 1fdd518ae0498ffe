"""bigauto.adapters.sql."""
