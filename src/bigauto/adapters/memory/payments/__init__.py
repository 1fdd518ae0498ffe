"""bigauto.adapters.memory.payments.repositories."""
