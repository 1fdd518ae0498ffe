"""bigauto.adapters.memory.notifications.repositories."""
