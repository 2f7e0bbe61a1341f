"""Locators and page objects for JupyterLab 4, written as a new user writes them: from
what the page shows (menus by their labels, commands by their ``data-command``), with
the framework waiting for the rest."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from e2e import BasePage, Locator

_MAIN = Locator(By.ID, "jp-main-dock-panel", "main area")
_DIALOG = Locator.role("dialog")


class Lab:
    """The application shell. Menus, tabs and dialogs by role and name, as a user reads
    them (Lumino gives its menu bar, menus and tab bars their ARIA roles); commands by
    ``data-command``, which names what an item does whatever its label says."""

    menu = Locator.role("menuitem", "{label}", exact=True).within(Locator.role("menubar"))
    #: An item of an open menu (the menu bar's, a submenu, a context menu), by command.
    command = Locator(
        By.CSS_SELECTOR, ".lm-Menu li.lm-Menu-item[data-command='{command}']", "menu item {command}"
    )
    #: A submenu of an open menu, by its label.
    # Not a menuitem: Lumino gives its command items role="menuitem" but its submenu items
    # none, so they are plain list items (found out when this was a role locator: the
    # timeout listed the menu's other items as the closest). The item that holds the
    # label, inside the open menu: WebKit opens the submenu for a click on the item, not
    # on its label alone.
    submenu = (
        Locator.role("listitem")
        .filter(has=Locator.text("{label}", exact=True))
        .within(Locator.role("menu"))
    )
    open_menu = Locator(By.CSS_SELECTOR, ".lm-Menu", "an open menu")
    #: The selected tab of the main area (Lumino's lm-mod-current: JupyterLab's own
    #: jp-mod-current follows the keyboard focus, which a browser without window focus,
    #: as a WebKit window on Xvfb can be, never gives it).
    current_tab = Locator.role("tab", selected=True).within(_MAIN)
    tab = Locator.role("tab", "{name}", exact=True).within(_MAIN)
    launcher_notebook = Locator(
        By.CSS_SELECTOR,
        ".jp-LauncherCard[data-category='Notebook']",
        "launcher card for a new notebook",
    )
    dialog = _DIALOG
    dialog_title = Locator(By.CSS_SELECTOR, ".jp-Dialog .jp-Dialog-header", "dialog title")
    dialog_accept = Locator(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept", "dialog accept button")
    dialog_reject = Locator(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-reject", "dialog cancel button")
    dialog_button = Locator.role("button", "{label}", exact=True).within(_DIALOG)
    dialog_input = Locator.role("textbox").within(_DIALOG)


class Files:
    """The file browser on the left."""

    item = Locator(
        By.XPATH,
        "//div[contains(@class,'jp-FileBrowser')]//li[contains(@class,'jp-DirListing-item')]"
        "[.//span[contains(@class,'jp-DirListing-itemText')][normalize-space()={name}]]",
        "file {name}",
    )
    names = Locator(
        By.CSS_SELECTOR,
        ".jp-FileBrowser .jp-DirListing-item .jp-DirListing-itemText",
        "names in the file browser",
    )
    rename_field = Locator(By.CSS_SELECTOR, ".jp-DirListing-editor", "file name editor")
    new_folder = Locator(
        By.CSS_SELECTOR,
        ".jp-FileBrowser-toolbar jp-button[data-command='filebrowser:create-new-directory']",
        "new folder button",
    )


class Notebook:
    """The notebook in the current tab."""

    _here = "#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)"
    cell = Locator(By.CSS_SELECTOR, f"{_here} .jp-Cell", "cells")
    active_editor = Locator(
        By.CSS_SELECTOR, f"{_here} .jp-Cell.jp-mod-active .cm-content", "active cell's editor"
    )
    editor = Locator(
        By.CSS_SELECTOR,
        f"{_here} .jp-Cell:nth-child({{n}}) .cm-content",
        "editor of cell {n}",
    )
    prompt = Locator(
        By.CSS_SELECTOR,
        f"{_here} .jp-Cell:nth-child({{n}}) .jp-InputPrompt",
        "prompt of cell {n}",
    )
    output = Locator(
        By.CSS_SELECTOR,
        f"{_here} .jp-Cell:nth-child({{n}}) .jp-OutputArea-output",
        "output of cell {n}",
    )
    kernel_busy = Locator(
        By.CSS_SELECTOR,
        f"{_here} .jp-Notebook-ExecutionIndicator[data-status='busy']",
        "kernel busy indicator",
    )
    kernel_idle = Locator(
        By.CSS_SELECTOR,
        f"{_here} .jp-Notebook-ExecutionIndicator[data-status='idle']",
        "kernel idle indicator",
    )
    insert_below = Locator(
        By.CSS_SELECTOR,
        f"{_here} jp-button[data-command='notebook:insert-cell-below']",
        "insert a cell below button",
    )
    run_button = Locator(
        By.CSS_SELECTOR,
        f"{_here} jp-button[data-command='notebook:run-cell-and-select-next']",
        "run button",
    )


#: A prompt that says the cell has run (``[3]:``), not that it is running (``[*]:``).
RAN = re.compile(r"^\[\d+\]:$")
#: The name JupyterLab gives a new text file.
UNTITLED_TEXT = re.compile(r"^untitled\d*\.txt$")
#: A prompt that says the cell is running or has run: the kernel took the request.
STARTED = re.compile(r"^\[(\*|\d+)\]:$")


class JupyterLab(BasePage):
    """The lab, from the address bar: every page object of the suite starts here."""

    path = "/lab?reset"
    ready = Locator(By.CSS_SELECTOR, "#jp-main-dock-panel", "main dock panel")
    # The shell restores its layout in JavaScript alone after the page has loaded.
    ready_when = (
        "!document.getElementById('jupyterlab-splash') && "
        "!!document.querySelector('#jp-main-dock-panel .lm-TabBar-tab')"
    )
    busy = (Notebook.kernel_busy,)

    def menu(self, *path: str, command: str) -> None:
        """Open a menu of the menu bar, through ``path``'s submenus, and run ``command``."""
        self.click(Lab.menu.format(label=path[0]))
        for label in path[1:]:
            self.click(Lab.submenu.format(label=label))
        self.click(Lab.command.format(command=command))

    def new_notebook(self) -> NotebookPage:
        self.click(Lab.launcher_notebook)
        notebook = self.to(NotebookPage, new_document=False)
        notebook.expect(Notebook.kernel_idle).to_be_visible()
        return notebook

    def save_new(self, name: str) -> None:
        """Save the untitled document in the current tab as ``name`` (the first save asks
        for a name in a dialog), and wait until the file browser lists it: its listing
        follows the server on its own schedule."""
        self.menu("File", command="docmanager:save")
        self.expect(Lab.dialog_title).to_have_text("Rename file")
        self.type(Lab.dialog_input, name)
        self.click(Lab.dialog_accept)
        self.expect(Lab.current_tab).to_have_text(name)
        self.expect(Files.item.format(name=name), seconds=15).to_be_visible()

    def new_text_file(self) -> str:
        """File > New > Text File; the new file's name, once its tab is the current one."""
        self.menu("File", "New", command="fileeditor:create-new")
        self.expect(Lab.current_tab).to_have_text(UNTITLED_TEXT)
        return self.text_of(Lab.current_tab)

    def context_menu(self, locator: Locator, command: str) -> None:
        self.right_click(locator)
        self.click(Lab.command.format(command=command))


class NotebookPage(JupyterLab):
    ready = Notebook.active_editor
    ready_when = None

    def run_cell(self, n: int, code: str) -> None:
        """Type ``code`` into cell ``n``, run it (Control+Enter: run, and stay on it), and
        wait until it has run.

        The kernel's work goes over a WebSocket, which no settle check sees, and the busy
        indicator turns on only once the kernel answers (after the key has returned), so
        the page object waits for what the user waits for: the prompt turning from
        ``[*]:`` to ``[n]:``. A run asked for before the notebook's session has its
        kernel is dropped by JupyterLab (the prompt stays ``[ ]:``: nothing ran, so
        asking again is safe), as happens on a loaded machine: then it asks again."""
        editor = Notebook.editor.format(n=n)
        prompt = Notebook.prompt.format(n=n)
        while len(self.find_all(Notebook.cell)) < n:
            cells = len(self.find_all(Notebook.cell))
            self.click(Notebook.insert_below)
            self.expect(Notebook.cell).to_have_count(cells + 1)
        self.fill(editor, code)
        for attempt in range(10):
            # A click in the cell first, as a user does: JupyterLab enables its run commands
            # only for the notebook its shell has as current, which it learns from focus
            # events; a focus the page was given by script alone (the fill) did not always
            # make it current on Firefox under -n 2 ("command 'notebook:run-cell' is not
            # enabled" in the console, and nothing ran).
            self.click(editor)
            self.press("Control+Enter", on=editor)
            try:
                self.expect(prompt, seconds=3).to_have_text(STARTED)
                break
            except AssertionError:
                if attempt == 9 or self.text_of(prompt) not in ("[ ]:", ""):
                    raise
        self.expect(prompt, seconds=30).to_have_text(RAN)
