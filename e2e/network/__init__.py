"""Answering a page's requests from the test: fulfil, fail, delay, or decide per request.

::

    with page.network.route("**/api/projects", status=500, json={"error": "Down"}) as route:
        page.open()
    assert len(route.calls) == 1

A glob matches the whole URL: ``**`` any run of characters, ``*`` any run without ``/``,
``?`` one character but ``/``. The most recent matching route answers. Routes end with
the test that set them (the plugin removes them before the next test), or with
``.remove()`` / the end of their ``with`` block.

Engines: local Chromium intercepts through the tab's DevTools (``Fetch``), only the
requests some route's pattern may match; Firefox, and any browser whose session has
WebDriver BiDi (a Grid), through BiDi ``network.addIntercept`` in the test's user
context. WebKitGTK's WebDriver has neither, and is refused with a sentence saying so.
Routes cover the tab that was current when the first route was set.
"""

from e2e.network.control import Network, Route, end_routes
from e2e.network.messages import NetworkError, Request, Response, Waiter

__all__ = ["Network", "NetworkError", "Request", "Response", "Route", "Waiter", "end_routes"]
