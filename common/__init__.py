"""Building blocks shared by every service: settings, security, errors, logging."""
