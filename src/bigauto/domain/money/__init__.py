"""bigauto.domain.shared.money."""
