"""Recording: a flow done in the browser, written as locator classes, page objects and a
test (``e2e codegen``, :class:`Recorder`)."""

from e2e.recording.channel import RecordingError
from e2e.recording.session import Recorder
from e2e.recording.writer import Clash

__all__ = ["Clash", "Recorder", "RecordingError"]
