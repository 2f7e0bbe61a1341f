"""Start JupyterLab for one test worker: on loopback, no token (the port is the worker's
own), everything it writes under the worker's folder, nothing fetched from the network
(no news, no update check, no extension index), and the news question answered, so no
toast covers the page. ``python serve.py PORT FOLDER``, from this folder (the rootdir
of pytest.ini beside it, where the plugin starts the server)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(port: str, folder: str) -> None:
    root = Path(folder)
    settings = root / ".settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )
    args = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        "--ip", "127.0.0.1", "--port", port,
        "--IdentityProvider.token=", "--ServerApp.password=",
        # conftest.py ends each test's kernels through the REST API, with no XSRF cookie
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}", f"--ServerApp.runtime_dir={root / '.runtime'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={root / '.settings'}",
        f"--LabApp.workspaces_dir={root / '.workspaces'}",
    ]  # fmt: skip
    os.execv(sys.executable, args)  # the server is this process: the plugin stops it


if __name__ == "__main__":
    main(*sys.argv[1:3])
