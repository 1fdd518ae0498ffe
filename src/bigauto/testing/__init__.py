"""bigauto.testing."""
