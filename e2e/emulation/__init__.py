"""What a test's context pretends to be: locale, time zone, position, permissions,
colour scheme, device; and the saved sign-in state it starts from."""
