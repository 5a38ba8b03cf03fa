"""HTTP routes of tracking-service, one blueprint per resource."""
