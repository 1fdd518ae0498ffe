"""bigauto.domain.identity.records."""
