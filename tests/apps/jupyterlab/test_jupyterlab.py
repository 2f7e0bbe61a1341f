"""JupyterLab 4 on every engine, as a user drives it: the menu bar and its submenus,
the file browser's context menu, dialogs, a notebook whose cells run on a real kernel,
and a download. What the framework had to learn for it is in docs/reliability.md."""

from __future__ import annotations

import uuid

from tests.apps.jupyterlab.pages import RAN, Files, JupyterLab, Lab, Notebook


def _name(stem: str, suffix: str) -> str:
    """A file name no other test of this worker uses (they share the server's folder)."""
    return f"{stem}-{uuid.uuid4().hex[:6]}{suffix}"


def test_the_lab_opens_on_the_launcher(page) -> None:
    lab = page(JupyterLab).open()
    assert lab.text_of(Lab.current_tab) == "Launcher"
    lab.expect(Lab.current_tab).to_have_text("Launcher")


def test_a_new_notebook_runs_a_cell_on_the_kernel(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    notebook.run_cell(1, "print(6 * 7)")
    assert notebook.text_of(Notebook.output.format(n=1)) == "42"
    assert notebook.text_of(Notebook.prompt.format(n=1)) == "[1]:"
    assert notebook.text_of(Lab.current_tab).endswith(".ipynb")


def test_a_slow_cell_is_read_only_once_it_has_run(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    notebook.run_cell(1, "import time\ntime.sleep(2)\nprint('slept')")
    assert notebook.text_of(Notebook.output.format(n=1)) == "slept"
    notebook.run_cell(2, "print('second')")
    assert notebook.text_of(Notebook.output.format(n=2)) == "second"
    notebook.expect(Notebook.prompt.format(n=2)).to_have_text("[2]:")


def test_saving_a_new_notebook_asks_for_its_name_in_a_dialog(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    name = _name("analysis", ".ipynb")
    notebook.save_new(name)
    assert notebook.text_of(Lab.current_tab) == name


def test_restarting_the_kernel_from_the_kernel_menu_asks_first(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    notebook.run_cell(1, "x = 1")
    notebook.menu("Kernel", command="kernelmenu:restart")
    notebook.expect(Lab.dialog_title).to_contain_text("Restart Kernel")
    notebook.click(Lab.dialog_accept)
    notebook.expect(Lab.dialog).to_be_hidden()
    notebook.expect(Notebook.kernel_idle, seconds=30).to_be_visible()
    notebook.run_cell(2, "print('x' in dir())")
    assert notebook.text_of(Notebook.output.format(n=2)) == "False"


def test_a_submenu_creates_a_text_file(page) -> None:
    lab = page(JupyterLab).open()
    created = lab.new_text_file()
    assert created.startswith("untitled")
    lab.expect(Files.item.format(name=created), seconds=15).to_be_visible()


def test_renaming_from_the_file_browsers_context_menu(page) -> None:
    lab = page(JupyterLab).open()
    created = lab.new_text_file()
    name = _name("notes", ".txt")
    lab.context_menu(Files.item.format(name=created), "filebrowser:rename")
    lab.type(Files.rename_field, name)
    lab.press("Enter")
    lab.expect(Files.item.format(name=name)).to_be_visible()
    lab.expect(Lab.current_tab).to_have_text(name)


def test_deleting_asks_and_cancel_keeps_the_file(page) -> None:
    lab = page(JupyterLab).open()
    created = lab.new_text_file()
    item = Files.item.format(name=created)
    lab.context_menu(item, "filebrowser:delete")
    lab.expect(Lab.dialog).to_contain_text(created)  # "Move to Trash" or "Delete", by version
    lab.click(Lab.dialog_reject)
    lab.expect(item).to_be_visible()
    lab.context_menu(item, "filebrowser:delete")
    lab.click(Lab.dialog_accept)
    lab.expect(item).to_be_hidden()


def test_a_new_folder_from_the_toolbar_is_named_in_place(page) -> None:
    lab = page(JupyterLab).open()
    lab.click(Files.new_folder)
    name = _name("folder", "")
    lab.type(Files.rename_field, name)
    lab.press("Enter")
    lab.expect(Files.item.format(name=name)).to_be_visible()


def test_downloading_a_notebook_from_the_file_browser(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    notebook.run_cell(1, "print('in the file')")
    name = _name("report", ".ipynb")
    notebook.save_new(name)
    item = Files.item.format(name=name)
    saved = notebook.download(lambda: notebook.context_menu(item, "filebrowser:download"))
    assert saved.name == name
    assert "in the file" in saved.read_text(encoding="utf-8")


def test_the_help_menu_opens_the_about_dialog(page) -> None:
    lab = page(JupyterLab).open()
    lab.menu("Help", command="help:about")
    lab.expect(Lab.dialog).to_contain_text("Version 4.")
    lab.click(Lab.dialog_button.format(label="Close"))
    lab.expect(Lab.dialog).to_be_hidden()


def test_text_reads_agree_with_expect_on_every_engine(page) -> None:
    notebook = page(JupyterLab).open().new_notebook()
    notebook.run_cell(1, "'same'")
    label = notebook.text_of(Lab.current_tab)
    notebook.expect(Lab.current_tab).to_have_text(label)
    prompt = notebook.text_of(Notebook.prompt.format(n=1))
    assert RAN.match(prompt), prompt
    assert notebook.texts_of(Notebook.prompt.format(n=1)) == [prompt]
