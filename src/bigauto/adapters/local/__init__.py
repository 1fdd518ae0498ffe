"""bigauto.adapters.local."""
