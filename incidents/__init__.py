"""The record of incidents (see apps.py)."""
