"""HTTP routes of cliente-service, one blueprint per resource."""
