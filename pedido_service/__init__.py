"""pedido-service: orders, their state machine and history, and the outbox relay
that replicates every change to tracking-service."""
