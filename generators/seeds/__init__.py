"""Extractors for the five source documents in datasets/sources/ and their assembly."""
