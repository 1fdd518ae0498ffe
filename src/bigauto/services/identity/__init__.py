"""bigauto.services.identity.context."""
