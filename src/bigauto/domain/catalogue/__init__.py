"""bigauto.domain.catalogue.vehicles."""
