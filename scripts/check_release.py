"""Before a release is uploaded: the tag names the package's version, and CHANGELOG.md
has a dated section for it. ``python scripts/check_release.py v0.2.0`` (the release
workflow passes the tag through ``make dist``); without a tag, only the changelog."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def problems(tag: str | None, version: str, changelog: str) -> list[str]:
    found = []
    if tag is not None and tag != f"v{version}":
        found.append(
            f"The tag {tag!r} does not name the package's version {version} "
            f"(e2e/version.py): tag v{version}, or change the version first."
        )
    if not re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M):
        found.append(
            f"CHANGELOG.md has no section '## [{version}] - YYYY-MM-DD': say what this "
            "version adds, changes, deprecates and fixes before releasing it."
        )
    return found


def main(argv: list[str]) -> int:
    namespace: dict[str, str] = {}
    exec((ROOT / "e2e" / "version.py").read_text(), namespace)
    tag = argv[0] if argv and argv[0] else None
    found = problems(tag, namespace["__version__"], (ROOT / "CHANGELOG.md").read_text())
    for problem in found:
        print(f"check_release: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
