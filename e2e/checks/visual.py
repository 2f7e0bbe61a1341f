"""Screenshot comparisons that wait like every other assertion.

A shot is taken only on a settled page (the caller's settle check), with CSS animations
and transitions run to their end, Web Animations finished, and the text caret hidden;
then shots are taken until two in a row agree, so a frame caught mid-change is never the
one compared. The comparison is pixelmatch's (a perceptual per-pixel colour distance that
also tells anti-aliasing from real change) on Pillow images, run only on the box where
the two images differ at all: an identical shot costs one Pillow pass, not pixelmatch's
pure-Python loop over every pixel.

Baselines live beside the test file, ``__screenshots__/<engine>-<platform>/<test>/<name>
.png``; ``--update-snapshots`` writes them, and a missing one fails the test with the
command that creates it. Masked regions are painted over, in the same place, in both.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.remote.webdriver import WebDriver

from e2e.browser.engines import family_of
from e2e.locators import LocatorLike, as_locator, as_locators
from e2e.queries import find_elements

__all__ = [
    "Baselines",
    "ScreenshotMismatch",
    "baselines_of_test",
    "current_baselines",
    "match_screenshot",
    "platform_folder",
]

#: The colour masked regions are painted in (Playwright's), in both images.
MASK_COLOUR = (255, 0, 255, 255)

_FREEZE = """
var style = document.createElement('style');
style.id = '__e2e_freeze';
style.textContent = '*, *::before, *::after { animation-duration: 0s !important; ' +
  'animation-delay: 0s !important; animation-iteration-count: 1 !important; ' +
  'transition-duration: 0s !important; transition-delay: 0s !important; ' +
  'caret-color: transparent !important; scroll-behavior: auto !important; }';
(document.head || document.documentElement).appendChild(style);
if (document.getAnimations) document.getAnimations().forEach(function (a) {
  try { a.finish(); } catch (e) { a.cancel(); }  // an endless one cannot finish
});
"""
_ORIGIN = """
arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'});
var b = arguments[0].getBoundingClientRect();
return [b.left, b.top];
"""
_BOX = """
var b = arguments[0].getBoundingClientRect(), w = window.innerWidth, h = window.innerHeight;
var left = Math.max(0, b.left), top = Math.max(0, b.top);
return [left, top, Math.min(w, b.right) - left, Math.min(h, b.bottom) - top,
        window.devicePixelRatio || 1];
"""
_THAW = "var s = document.getElementById('__e2e_freeze'); if (s) s.remove();"
_RECTS = """
var found = [];
for (var i = 0; i < arguments.length; i++) {  // one element per argument (WebKit)
  var b = arguments[i].getBoundingClientRect();
  if (b.width > 0 && b.height > 0) found.push([b.left, b.top, b.width, b.height]);
}
return [found, window.devicePixelRatio || 1];
"""


class ScreenshotMismatch(AssertionError):
    """A shot differs from its baseline, or has none; the message says by how much."""


def platform_folder(driver: WebDriver) -> str:
    """The baseline folder of this engine on this platform: ``chromium-linux``."""
    return f"{family_of(driver)}-{sys.platform}"


@dataclass(frozen=True)
class Baselines:
    """Where a test's baselines are, and what to do with a shot that differs.

    ``folder`` is the test's own (``__screenshots__/chromium-linux/test_name``);
    ``update`` writes the shot as the new baseline instead of failing; ``artifacts`` is
    where expected, actual and diff images of a failure go; ``attach`` hands each of them
    to the report and the trace (label, path)."""

    folder: Path
    update: bool = False
    artifacts: Path | None = None
    attach: Callable[[str, Path], None] | None = None
    #: How to write the command that updates them (the plugin: the test's node id).
    update_hint: str = "pytest --update-snapshots"


#: How the test running now finds its baselines for a driver: set by the plugin around
#: each test, so that a page object built directly in a test (``BasePage(driver, url)``)
#: compares against the same folder as one from the ``page`` fixture.
_CURRENT_TEST: ContextVar[Callable[[WebDriver], Baselines] | None] = ContextVar(
    "e2e_current_test_baselines", default=None
)


@contextlib.contextmanager
def baselines_of_test(find: Callable[[WebDriver], Baselines]) -> Iterator[None]:
    """While inside, :func:`current_baselines` asks ``find`` (the plugin, per test)."""
    token = _CURRENT_TEST.set(find)
    try:
        yield
    finally:
        _CURRENT_TEST.reset(token)


def current_baselines(driver: WebDriver) -> Baselines | None:
    """The running test's baselines for ``driver``, or ``None`` outside a pytest test."""
    find = _CURRENT_TEST.get()
    return find(driver) if find is not None else None


def _needs_pillow() -> Any:
    try:
        from PIL import Image, ImageChops, ImageDraw
        from pixelmatch.contrib.PIL import pixelmatch
    except ImportError:
        raise ImportError(
            "Screenshot comparison needs Pillow and pixelmatch: pip install "
            "'pagewright-e2e[visual]'"
        ) from None
    return Image, ImageChops, ImageDraw, pixelmatch


def _png(data: bytes) -> Any:
    image_module = _needs_pillow()[0]
    return image_module.open(io.BytesIO(data)).convert("RGBA")


def _cut_out(driver: WebDriver, target: Any) -> Callable[[], bytes]:
    """An element's shot cut out of a viewport shot (WebKitGTK's WebKitWebDriver answers
    the element screenshot command with an all-black image)."""
    image_module = _needs_pillow()[0]

    def shoot() -> bytes:
        left, top, width, height, ratio = driver.execute_script(_BOX, target)
        whole = image_module.open(io.BytesIO(driver.get_screenshot_as_png()))
        box = (left * ratio, top * ratio, (left + width) * ratio, (top + height) * ratio)
        out = io.BytesIO()
        whole.crop(tuple(round(v) for v in box)).save(out, format="PNG")
        return out.getvalue()

    return shoot


def _mask_boxes(
    driver: WebDriver, masks: Sequence[LocatorLike], origin: tuple[float, float]
) -> list[tuple[int, int, int, int]]:
    """The masked regions in the shot's pixels (``origin``: the shot's top left corner in
    the viewport, in CSS pixels)."""
    masks = as_locators(masks, "to_match_screenshot(mask=...)")
    elements = [el for locator in masks for el in find_elements(driver, *locator)]
    if not elements:
        return []
    rects, ratio = driver.execute_script(_RECTS, *elements)
    boxes = []
    for left, top, width, height in rects:
        x, y = (left - origin[0]) * ratio, (top - origin[1]) * ratio
        right, bottom = x + width * ratio, y + height * ratio
        boxes.append((int(x), int(y), int(right + 0.999), int(bottom + 0.999)))
    return boxes


def _paint(image: Any, boxes: list[tuple[int, int, int, int]]) -> Any:
    if not boxes:
        return image
    painted = image.copy()
    draw = _needs_pillow()[2].Draw(painted)
    for box in boxes:
        draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=MASK_COLOUR)
    return painted


def _stable_shot(
    shoot: Callable[[], bytes], boxes: list[tuple[int, int, int, int]], timeout: float
) -> Any:
    """Shots (masked) until two in a row agree; the last one."""
    deadline = time.monotonic() + timeout
    last, taken = _paint(_png(shoot()), boxes), 1
    while True:
        shot = _paint(_png(shoot()), boxes)
        taken += 1
        if shot.tobytes() == last.tobytes():
            return shot
        if time.monotonic() > deadline:
            raise ScreenshotMismatch(
                f"The page kept changing for {timeout:g} s after it settled: the last two "
                f"of {taken} shots differ in {_differing_pixels(last, shot)} pixels. Mask the "
                "region that moves (mask=[locator]) or wait for what it waits on first."
            )
        last = shot


def _differing_pixels(a: Any, b: Any) -> int:
    chops = _needs_pillow()[1]
    diff = chops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
    return int(diff.histogram()[255])


def _compare(expected: Any, actual: Any, threshold: float) -> tuple[int, Any]:
    """Pixels pixelmatch counts as changed, and a diff image (``None`` when identical)."""
    image_module, chops, _, pixelmatch = _needs_pillow()
    box = chops.difference(expected, actual).getbbox(alpha_only=False)  # colour too
    if box is None:
        return 0, None
    # pixelmatch tells anti-aliasing from change by looking at neighbours: give it some.
    left, top = max(0, box[0] - 2), max(0, box[1] - 2)
    right, bottom = min(actual.width, box[2] + 2), min(actual.height, box[3] + 2)
    crop = (left, top, right, bottom)
    part = image_module.new("RGBA", (right - left, bottom - top))
    changed = pixelmatch(
        expected.crop(crop), actual.crop(crop), part, threshold=threshold, includeAA=False
    )
    diff = actual.convert("L").convert("RGBA")
    diff = image_module.blend(diff, image_module.new("RGBA", diff.size, "white"), 0.7)
    diff.paste(part, crop[:2], part)
    return int(changed), diff


def _safe(name: str) -> str:
    """A file name for a screenshot name, one per name: a name that is letters, digits
    and ``._-`` is kept; any other gets a short hash of itself after its readable form."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    if not cleaned:
        raise ValueError(f"A screenshot name needs letters or digits, got {name!r}")
    if cleaned == name and len(name) <= 100:
        return cleaned
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned[:89]}-{digest}"


def match_screenshot(
    driver: WebDriver,
    name: str,
    baselines: Baselines,
    *,
    element: LocatorLike | None = None,
    mask: Sequence[LocatorLike] = (),
    max_diff_pixels: int = 0,
    max_diff_ratio: float = 0.0,
    threshold: float = 0.2,
    timeout: float = 5.0,
) -> int:
    """Compare a stable shot of the viewport (or of ``element``'s first match) with the
    baseline ``name``; the number of changed pixels it allowed. Call it on a settled page
    (``page.expect(...).to_match_screenshot`` does)."""
    __tracebackhide__ = True
    _needs_pillow()
    file = baselines.folder / f"{_safe(name)}.png"
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a colour distance from 0 to 1, got {threshold!r}")
    driver.execute_script(_FREEZE)
    try:
        origin = (0.0, 0.0)
        if element is not None:
            shot_of = as_locator(element, "match_screenshot(element=...)")
            matches = find_elements(driver, *shot_of)
            if not matches:
                raise NoSuchElementException(
                    f"match_screenshot(element=...): {shot_of!r} matches no element"
                )
            target = matches[0]
            rect = driver.execute_script(_ORIGIN, target)
            origin = (float(rect[0]), float(rect[1]))

            def shoot() -> bytes:
                return target.screenshot_as_png

            if family_of(driver) == "webkit":  # its element shots come back all black
                shoot = _cut_out(driver, target)

        else:

            def shoot() -> bytes:
                return driver.get_screenshot_as_png()

        boxes = _mask_boxes(driver, mask, origin)
        actual = _stable_shot(shoot, boxes, timeout)
    finally:
        driver.execute_script(_THAW)
    what = f"{'the viewport' if element is None else repr(element)} as {file.name!r}"
    if not file.exists():
        return _unusable(
            baselines,
            name,
            file,
            actual,
            f"No baseline for {what}: {file} does not exist",
            "create",
        )
    try:
        expected = _paint(_png(file.read_bytes()), boxes)
    except ImportError:
        raise
    except Exception as exc:  # PIL: not a PNG, truncated, a decompression bomb
        problem = (
            f"The baseline {file} cannot be read as an image ({type(exc).__name__}: {exc}): "
            "it is corrupt, cut short or not a PNG"
        )
        return _unusable(baselines, name, file, actual, problem, "replace")
    if expected.size != actual.size:
        if baselines.update:
            return _write(file, actual)
        raise _refused(
            baselines,
            name,
            {"expected": expected, "actual": actual},
            f"Screenshot of {what} is {actual.width}x{actual.height} pixels, its baseline "
            f"{expected.width}x{expected.height}: the window size or the layout changed. "
            f"If the new size is right, update it with `{baselines.update_hint}`.",
        )
    changed, diff = _compare(expected, actual, threshold)
    total = actual.width * actual.height
    allowed = max(max_diff_pixels, int(max_diff_ratio * total))
    if changed <= allowed:
        return changed
    if baselines.update:
        return _write(file, actual)
    raise _refused(
        baselines,
        name,
        {"expected": expected, "actual": actual, "diff": diff},
        f"Screenshot of {what} differs from its baseline in {changed} pixels "
        f"({changed / total:.2%} of {actual.width}x{actual.height}; {allowed} allowed, "
        f"colour threshold {threshold:g}). The diff image marks them in red. If the change "
        f"is meant, update the baseline with `{baselines.update_hint}`.",
    )


def _unusable(
    baselines: Baselines, name: str, file: Path, actual: Any, problem: str, verb: str
) -> int:
    """No baseline to compare with (missing, unreadable): written with ``update``, else
    refused with this run's shot kept beside the sentence saying how to make one."""
    if baselines.update:
        return _write(file, actual)
    saved = _keep(baselines, name, "actual", actual)
    raise ScreenshotMismatch(
        f"{problem}. Look at this run's shot{f' ({saved})' if saved else ''}; if it is "
        f"right, {verb} the baseline with `{baselines.update_hint}` and commit it."
    )


def _write(file: Path, image: Any) -> int:
    file.parent.mkdir(parents=True, exist_ok=True)
    image.save(file, optimize=True)
    return 0


def _refused(
    baselines: Baselines, name: str, images: dict[str, Any], message: str
) -> ScreenshotMismatch:
    """The mismatch to raise, with its images kept and attached first."""
    for kind, image in images.items():
        _keep(baselines, name, kind, image)
    return ScreenshotMismatch(message)


def _keep(baselines: Baselines, name: str, kind: str, image: Any) -> Path | None:
    """Save one image of a failure where the artifacts go, and attach it."""
    if baselines.artifacts is None:
        return None
    baselines.artifacts.mkdir(parents=True, exist_ok=True)
    path = baselines.artifacts / f"{_safe(name)}-{kind}.png"
    image.save(path)
    if baselines.attach is not None:
        baselines.attach(f"{name}: {kind}", path)
    return path
