"""bigauto.adapters.memory.chat.repositories."""
