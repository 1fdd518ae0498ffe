"""bigauto.adapters.memory.money.repositories."""
