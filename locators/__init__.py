"""Locator classes of the demo app: every locator in one place, one class per page."""
