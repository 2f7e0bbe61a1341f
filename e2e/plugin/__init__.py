"""The pytest plugin (the ``pytest11`` entry point ``e2e``): options -> one frozen
Config -> fixtures -> page objects -> reports.

One module per concern; this package only names them, and pytest registers each as a
plugin of its own:

- ``options``: the command-line options and ini keys, and the frozen ``Config`` built
  from them (with the environment variables they name);
- ``server``: the application server an ini starts, per worker or shared (xdist);
- ``lifecycle``: configure and unconfigure, signals (SIGINT, SIGTERM, SIGHUP end a run
  as Ctrl-C does), and the ``browser`` marker;
- ``pool``: the worker's browsers, reused with a fresh context per test;
- ``fixtures``: ``e2e_config``, ``driver``, ``page``, ``e2e_actions``, ``e2e_downloads``
  and the trace recorder;
- ``signin``: saved sign-in state (``--storage-state``, the ``storage_state`` marker,
  ``e2e_signed_in`` roles signed in once per worker);
- ``guard``: the sensitive-URL guard and the check that the application answers;
- ``reports``: failure artifacts, traces, flaky reruns, explanations, HTML extras;
- ``state``: what they share: one ``Run`` per session, one ``TestState`` per test.
"""

# In import order: each after those it imports (pytest rewrites assertions only in a
# plugin module it imports itself).
pytest_plugins = [
    "e2e.plugin.options",
    "e2e.plugin.server",
    "e2e.plugin.pool",
    "e2e.plugin.guard",
    "e2e.plugin.lifecycle",
    "e2e.plugin.signin",
    "e2e.plugin.fixtures",
    "e2e.plugin.reports",
]
