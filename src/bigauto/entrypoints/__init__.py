"""bigauto.entrypoints."""
