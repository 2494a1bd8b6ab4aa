"""The tests: tables for the pure parts, real databases, a fake Bot API and feed server (``fakes``) for the rest."""
