"""The demo app's accounts the suites sign in with (conftest.py signs the roles in)."""

ADMIN = ("admin", "admin-pass-1")
TESTER = ("tina", "tester-pass-1")
