"""OAuth 2.0 protocol pieces: error responses, clients, request parsing."""
