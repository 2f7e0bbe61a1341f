from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from e2e import BasePage, Locator, upload_file

ZONE_A = Locator(By.ID, "zone-a", "zone A")
ZONE_B = Locator(By.ID, "zone-b", "zone B")
ZONE_C = Locator(By.ID, "zone-c", "zone C (no hidden input)")
ZONE_SMALL = Locator(By.ID, "zone-small", "zone with a tiny limit")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text("hello from the test\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "input_id", ["display-none", "visibility-hidden", "zero-size", "off-screen"]
)
def test_upload_file_reaches_a_hidden_input_and_restores_its_style(
    open_page, base_url, sample, input_id
) -> None:
    driver = open_page("uploads.html")
    locator = Locator(By.ID, input_id, input_id)
    before = driver.find_element(*locator).get_attribute("style")
    BasePage(driver, base_url).upload_file(locator, sample)
    assert (
        driver.find_element(By.ID, f"chosen-{input_id}").text
        == f"report.txt {sample.stat().st_size}"
    )
    assert driver.find_element(*locator).get_attribute("style") == before


def test_a_missing_file_is_refused_before_the_browser_is_touched(
    open_page, base_url, count_commands, tmp_path
) -> None:
    driver = open_page("uploads.html")
    missing = tmp_path / "nope" / "missing.csv"
    page = BasePage(driver, base_url)
    with count_commands() as counter, pytest.raises(FileNotFoundError) as caught:
        page.upload_file(Locator(By.ID, "display-none"), missing)
    assert str(missing) in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert counter.commands == []
    with count_commands() as counter, pytest.raises(FileNotFoundError, match=r"missing\.csv"):
        page.add_dropzone_attachment(ZONE_A, missing)
    assert counter.commands == []


def test_a_folder_is_not_a_file(open_page, tmp_path) -> None:
    driver = open_page("uploads.html")
    with pytest.raises(FileNotFoundError, match="is a folder, not a file"):
        upload_file(driver, driver.find_element(By.ID, "display-none"), tmp_path)


def test_two_dropzones_each_receive_only_their_file(
    open_page, base_url, fixture_server, tmp_path
) -> None:
    driver = open_page("dropzones.html")
    first, second = tmp_path / "first.txt", tmp_path / "second.bin"
    first.write_bytes(b"first file\n")
    second.write_bytes(os.urandom(50_000))
    page = BasePage(driver, base_url, timeout=15)
    assert page.add_dropzone_attachment(ZONE_A, first).accepted
    assert page.add_dropzone_attachment(ZONE_B, second).accepted
    assert [u["sha256"] for u in fixture_server.uploads_to("a")] == [sha256(first)]
    assert [u["sha256"] for u in fixture_server.uploads_to("b")] == [sha256(second)]


def test_a_10_mb_file_goes_through_the_zones_hidden_input(
    open_page, base_url, fixture_server, tmp_path
) -> None:
    driver = open_page("dropzones.html")
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(10 * 1024 * 1024))
    result = BasePage(driver, base_url, timeout=60).add_dropzone_attachment(ZONE_A, big)
    assert result.accepted, result
    assert fixture_server.uploads_to("a") == [
        {"zone": "a", "filename": "big.bin", "size": big.stat().st_size, "sha256": sha256(big)}
    ]


@pytest.mark.parametrize(
    "name", ["plain.txt", "naïve café 日本 🚀.txt", 'it\'s "quoted" `tick` ${x}.txt']
)
def test_a_zone_without_hidden_input_gets_the_bytes_safely_for_any_name(
    open_page, base_url, fixture_server, tmp_path, name
) -> None:
    driver = open_page("dropzones.html")
    assert driver.execute_script("return Dropzone.forElement('#zone-c').hiddenFileInput == null")
    path = tmp_path / name
    path.write_bytes(b"contents of " + name.encode())
    result = BasePage(driver, base_url, timeout=15).add_dropzone_attachment(ZONE_C, path)
    assert result.accepted
    [upload] = fixture_server.uploads_to("c")
    assert (upload["filename"], upload["sha256"]) == (name, sha256(path))


def test_a_refused_file_is_reported_not_raised(open_page, base_url, tmp_path) -> None:
    driver = open_page("dropzones.html")
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG not really")
    result = BasePage(driver, base_url).add_dropzone_attachment(ZONE_SMALL, path)
    assert not result.accepted
    assert result.status == "error"
    assert result.error == "You can't upload files of this type."


def test_an_element_without_a_dropzone_says_so(open_page, base_url, sample) -> None:
    driver = open_page("uploads.html")
    with pytest.raises(ValueError, match="no Dropzone library on this page"):
        BasePage(driver, base_url).add_dropzone_attachment(Locator(By.TAG_NAME, "body"), sample)


def _loop(tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "loop")
    return loop


def _fifo(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    return fifo


def _dangling(tmp_path):
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "never-there.csv")
    return link


def _non_utf8(tmp_path):
    import os

    name = os.fsencode(tmp_path) + b"/r\xe9sum\xe9.txt"
    with open(name, "wb") as out:
        out.write(b"some text")
    return os.fsdecode(name)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_loop, "is a symbolic link that leads back to itself (a loop)"),
        (_fifo, "is a named pipe (FIFO), not a regular file"),
        (lambda _: "/dev/null", "is a device or socket, not a regular file"),
        (_dangling, "which does not exist"),
        (_non_utf8, "has a name that is not valid UTF-8"),
    ],
    ids=["symlink-loop", "fifo", "dev-null", "dangling-link", "non-utf8-name"],
)
def test_what_is_not_a_readable_regular_file_is_refused_saying_what_it_is(
    open_page, base_url, count_commands, tmp_path, make, reason
) -> None:
    """Issue 32: a symlink loop raised a raw RuntimeError; a FIFO and /dev/null were
    'does not exist'; a non-UTF-8 name was uploaded empty on Chromium, silently."""
    driver = open_page("uploads.html")
    page = BasePage(driver, base_url)
    path = make(tmp_path)
    with count_commands() as counter, pytest.raises(FileNotFoundError) as caught:
        page.upload_file(Locator(By.ID, "display-none"), path)
    assert reason in str(caught.value)
    assert counter.commands == []
