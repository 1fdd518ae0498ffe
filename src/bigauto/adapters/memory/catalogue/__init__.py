"""bigauto.adapters.memory.catalogue.repositories."""
