"""bigauto.ports.chat.repositories."""
