"""Blueprints of auth-service."""
