"""luoshi: publish government commitments as an open data package and a static site."""

__version__ = "0.1.0"
