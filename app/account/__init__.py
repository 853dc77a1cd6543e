"""The personal area after login ("La mia area")."""
