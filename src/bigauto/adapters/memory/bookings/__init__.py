"""bigauto.adapters.memory.bookings."""
