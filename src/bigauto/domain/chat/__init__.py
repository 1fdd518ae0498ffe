"""bigauto.domain.chat.conversations."""
