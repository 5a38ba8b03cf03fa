"""tracking-service: the Redis read model of order status and its live event stream."""
