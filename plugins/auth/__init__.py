"""The auth plugin: users, sessions, API keys, roles; issues EdDSA access tokens."""
