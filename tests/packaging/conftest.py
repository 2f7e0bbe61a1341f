from tests.cli.conftest import static_site

__all__ = ["static_site"]
