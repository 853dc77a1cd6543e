"""Training and awareness: courses, webinars and events, registrations, awareness pages."""
