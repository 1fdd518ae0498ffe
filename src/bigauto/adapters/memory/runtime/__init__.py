"""bigauto.adapters.memory.runtime."""
