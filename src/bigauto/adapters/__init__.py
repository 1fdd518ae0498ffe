"""bigauto.adapters."""
