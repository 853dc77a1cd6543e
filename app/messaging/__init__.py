"""Conversations between organisations, the innovation desk and profile claims."""
