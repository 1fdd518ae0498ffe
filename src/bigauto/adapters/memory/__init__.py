"""bigauto.adapters.memory."""
