"""HTTP routes of identity: sign-up, sign-in, tokens, profiles."""
