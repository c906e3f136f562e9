"""Writes: every change to clubs' data goes through a function here."""
