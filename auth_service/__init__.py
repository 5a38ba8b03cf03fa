"""auth-service: the OAuth2 authorization server of Seguimiento de Pedidos."""
