"""cliente-service: customer profiles, their sign-up and deactivation."""
