"""bigauto.ports.identity.records."""
