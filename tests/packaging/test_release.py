"""The release checks (scripts/check_release.py): the tag and the changelog."""

from __future__ import annotations

from scripts.check_release import ROOT, main, problems

CHANGELOG = "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-07\n\n### Added\n- x\n"


def test_a_tag_of_the_version_with_its_changelog_section_passes() -> None:
    assert problems("v0.2.0", "0.2.0", CHANGELOG) == []


def test_a_tag_of_another_version_is_refused() -> None:
    assert problems("v0.2.1", "0.2.0", CHANGELOG) == [
        "The tag 'v0.2.1' does not name the package's version 0.2.0 (e2e/version.py): "
        "tag v0.2.0, or change the version first."
    ]


def test_a_version_without_a_dated_section_is_refused() -> None:
    (found,) = problems(None, "0.3.0", CHANGELOG.replace("[0.2.0] - 2026-12-07", "[0.3.0]"))
    assert "CHANGELOG.md has no section '## [0.3.0] - YYYY-MM-DD'" in found


def test_this_checkout_passes_its_own_check(capsys) -> None:
    assert (ROOT / "CHANGELOG.md").is_file()
    assert main([]) == 0, capsys.readouterr().err
