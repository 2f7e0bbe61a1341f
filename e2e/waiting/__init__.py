"""Waiting: the one in-browser settle check and its scripts, the wait loop and
conditions, and assertions that wait (expect)."""
