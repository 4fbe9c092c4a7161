"""Every command of the main window as a QAction (text, shortcut, icon), and the menus and toolbar built from them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSizePolicy, QToolBar, QWidget

from ui import icons

SK = QKeySequence.StandardKey

#: name: (text, shortcut, icon, status tip)
SPEC: dict[str, tuple[str, str | QKeySequence.StandardKey | None, str | None, str]] = {
    "new_archive": ("&New Archive…", "Ctrl+Shift+N", None, "Create a new, empty archive"),
    "open_archive": ("&Open Archive…", SK.Open, "folder", "Open another archive folder"),
    "import": ("&Import Folder…", "Ctrl+I", "import", "Import a folder of cuttings in the background"),
    "import_files": ("Import &Files…", "Ctrl+Shift+I", None,
                     "Import cuttings, or exports of Pocket, Wallabag, Evernote, Joplin, Karakeep, Readwise or bookmarks"),
    "fetch_pending": ("&Fetch Link-Only Articles", None, None,
                      "Fetch the pages of articles imported with their address only"),
    "export": ("&Export…", "Ctrl+E", "export", "Export the selected articles"),
    "quit": ("&Quit", SK.Quit, None, "Close Cuttings"),
    "clip": ("&Clip…", SK.New, "clip", "Clip a cutting from text, a web address or a file"),
    "paste_clip": ("Clip from Clip&board", SK.Paste, "paste", "Clip the text, HTML or address on the clipboard"),
    "undo": ("&Undo", SK.Undo, "restore", "Undo"),
    "redo": ("&Redo", SK.Redo, None, "Redo"),
    "find": ("&Find", SK.Find, "search", "Search the archive"),
    "select_all": ("Select &All", SK.SelectAll, None, "Select every article in the list"),
    "edit": ("&Edit Article…", "F2", "edit", "Edit the article's fields, notes and photos"),
    "star": ("&Star", "Ctrl+D", "star", "Star or unstar the selected articles"),
    "read": ("Mark as &Read", "Ctrl+Shift+U", "read", "Mark the selected articles read or unread"),
    "tags": ("&Tags…", "Ctrl+T", "tag", "Add or remove tags on the selected articles"),
    "delete": ("&Delete", SK.Delete, "trash", "Move the selected articles to the trash"),
    "restore": ("Restore from &Trash", "Ctrl+Shift+R", "restore", "Put the selected articles back"),
    "empty_trash": ("Empty Trash…", None, None, "Delete the articles in the trash for good"),
    "manage_tags": ("&Manage Tags…", "Ctrl+Shift+T", "tag", "Rename, merge, colour and delete tags"),
    "save_search": ("Save &Search…", None, "saved", "Keep the current search in the sidebar"),
    "reindex": ("Rebuild Search &Index", None, None, "Rebuild the full-text index from the database"),
    "verify": ("&Verify Archive…", None, None, "Check every file and record of the archive"),
    "connector": ("Browser &Connector…", None, "link", "Pair the browser extension that clips the page you are reading"),
    "theme_system": ("Follow the System", None, None, "Light or dark as the system is"),
    "theme_light": ("Light", None, None, "Always light"),
    "theme_dark": ("Dark", None, None, "Always dark"),
    "search_help": ("Search &Syntax", SK.HelpContents, None, "How to write queries"),
    "crash_log": ("Show &Crash Log", None, None, "The log of unexpected errors"),
    "about": ("&About Cuttings", None, None, "Version and credits"),
    "preferences": ("&Preferences…", "Ctrl+,", None, "The archive to open, appearance, reading, safety copies, export"),
    "view_original": ("View &Original Capture", "Ctrl+Shift+O", "file",
                      "Open what was clipped, as it was: the saved page, the file or the scan"),
    "show_folder": ("Show Archive &Folder", None, "folder", "Open the archive's folder in the file manager"),
    "copy_citation": ("Copy &Citation", "Ctrl+Shift+C", None, "Copy a Chicago-style citation of the selected articles"),
    "purge": ("Delete for &Good…", "Shift+Del", "trash", "Delete the selected articles in the trash for good"),
}


class Actions:
    """Creates the actions on ``window``; ``self[name]`` returns one."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self._actions: dict[str, QAction] = {}
        for name, (text, shortcut, icon_name, tip) in SPEC.items():
            action = QAction(text, window)
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')}"
                              + (f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                                 if shortcut is not None else ""))
            action.setProperty("iconName", icon_name or "")
            window.addAction(action)
            self._actions[name] = action
        self["paste_clip"].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        for name in ("theme_system", "theme_light", "theme_dark", "read"):
            self[name].setCheckable(True)  # read: one toggle, pressed while the article is read
        self["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self["about"].setMenuRole(QAction.MenuRole.AboutRole)
        self["preferences"].setMenuRole(QAction.MenuRole.PreferencesRole)
        self.theme_group = QActionGroup(window)  # the Appearance choices are radio buttons: one of three
        for name in ("theme_system", "theme_light", "theme_dark"):
            self.theme_group.addAction(self[name])
        self.recent_menu = QMenu("Open &Recent", window)
        self.refresh_icons()

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def refresh_icons(self) -> None:
        for action in self._actions.values():
            name = action.property("iconName")
            if name:
                action.setIcon(icons.icon(name))

    def build_menus(self) -> None:
        bar = self._window.menuBar()
        file = bar.addMenu("&File")
        for name in ("clip", "paste_clip"):
            file.addAction(self[name])
        file.addSeparator()
        file.addAction(self["new_archive"])
        file.addAction(self["open_archive"])
        file.addMenu(self.recent_menu)
        file.addAction(self["show_folder"])
        file.addSeparator()
        file.addAction(self["import"])
        file.addAction(self["import_files"])
        file.addAction(self["export"])
        file.addSeparator()
        file.addAction(self["quit"])
        self._fill(bar.addMenu("&Edit"), ("undo", "redo", "", "select_all", "find", "", "edit", "tags", "",
                                          "delete", "restore", "purge", "empty_trash", "", "preferences"))
        self._fill(bar.addMenu("&Article"), ("star", "read", "tags", "edit", "", "view_original", "copy_citation"))
        self._fill(bar.addMenu("&View").addMenu("&Appearance"), ("theme_system", "theme_light", "theme_dark"))
        self._fill(bar.addMenu("&Tools"), ("manage_tags", "save_search", "", "fetch_pending", "reindex", "verify", "",
                                           "connector"))
        self._fill(bar.addMenu("&Help"), ("search_help", "crash_log", "", "about"))

    def _fill(self, menu: QMenu, names: tuple[str, ...]) -> None:
        """Add the actions ``names`` to ``menu``; an empty name is a separator."""
        for name in names:
            if name:
                menu.addAction(self[name])
            else:
                menu.addSeparator()

    def build_toolbar(self) -> QToolBar:
        bar = QToolBar("Main", self._window)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.toggleViewAction().setVisible(False)
        for name in ("clip", "import"):
            bar.addAction(self[name])
        bar.addSeparator()
        for name in ("edit", "star", "read", "tags"):
            bar.addAction(self[name])
        bar.addSeparator()
        bar.addAction(self["delete"])
        bar.addAction(self["restore"])  # both shown in the Trash view only
        bar.addAction(self["purge"])
        bar.addAction(self["export"])
        for name, texts in (("read", ("Read", "Unread")), ("star", ("Star", "Unstar"))):
            self._fix_width(bar, name, texts)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def _fix_width(self, bar: QToolBar, name: str, texts: tuple[str, ...]) -> None:
        """A toolbar button whose label changes keeps one width (its neighbours never shift)."""
        button = bar.widgetForAction(self[name])
        if button is None:
            return
        before = self[name].iconText()
        widths = []
        for text in texts:
            self[name].setIconText(text)
            widths.append(button.sizeHint().width())
        self[name].setIconText(before)
        button.setFixedWidth(max(widths))

    def toolbar_texts(self) -> None:
        """Short labels on the toolbar (menus keep the long ones)."""
        for name, short in (("clip", "Clip"), ("import", "Import"), ("edit", "Edit"), ("star", "Star"),
                            ("read", "Read"), ("tags", "Tags"), ("delete", "Delete"), ("export", "Export"),
                            ("restore", "Restore"), ("purge", "Delete for Good")):
            self[name].setIconText(short)
