"""Business steps of cliente-service."""
