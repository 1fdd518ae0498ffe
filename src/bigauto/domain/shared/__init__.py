"""bigauto.domain.shared."""
