"""Interfaces (``typing.Protocol``) that the core needs from the outside world."""
