"""SME regulatory helpdesk: self-assessment of health AI products and expert consultations."""
