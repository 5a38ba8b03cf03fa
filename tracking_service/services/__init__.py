"""Business steps of tracking-service, as async functions over Redis."""
