"""Use cases of identity: registration, sign-in, sessions, profiles, administrators."""
