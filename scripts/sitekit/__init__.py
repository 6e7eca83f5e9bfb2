"""Shared helpers for the tests and the command-line scripts: build, serve and browse the site."""
