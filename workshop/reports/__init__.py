"""Exports of a workshop. The JSON record is complete; every other format is built from it."""
