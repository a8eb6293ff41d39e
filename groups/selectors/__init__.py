"""Reads of study groups, one module per concern."""
