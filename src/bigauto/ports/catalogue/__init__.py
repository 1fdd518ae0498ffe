"""bigauto.ports.catalogue.repositories."""
