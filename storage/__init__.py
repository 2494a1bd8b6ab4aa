"""Persistence: schema, migrations and every SQL query of releasewatch."""
