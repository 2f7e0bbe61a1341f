"""Starting and reaching a browser: engines, drivers and launchers, a fresh context per
test, DevTools and BiDi, the console, navigation errors, and one module per engine
(Firefox and its geckodriver, WebKitGTK and its Xvfb display)."""
