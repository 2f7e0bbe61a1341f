"""The package's version: one place, read by pyproject.toml (``[tool.setuptools.dynamic]``)
and by ``e2e --version``."""

__version__ = "0.2.0"
