"""bigauto.adapters.memory.identity.repositories."""
