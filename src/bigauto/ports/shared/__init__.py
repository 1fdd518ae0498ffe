"""bigauto.ports.shared."""
