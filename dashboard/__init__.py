"""The public face of the record (see apps.py)."""
