"""Shared fixtures. Real parts only: loopback servers, SQLite files, PostgreSQL."""
