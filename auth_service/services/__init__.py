"""Business steps of auth-service as plain async functions."""
