"""Checks of what a page looks like: screenshot comparisons and axe-core accessibility
scans (axe-core in vendor/)."""
