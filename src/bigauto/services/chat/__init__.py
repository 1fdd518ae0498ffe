"""bigauto.services.chat.conversations."""
