"""Security adapters: password hashing (and, later, tokens)."""
