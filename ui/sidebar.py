"""The sidebar: fixed views, the tag tree (levels by '/'), saved searches and the facets of the current list."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.model import Tag
from app.places import all_spellings_query, display_place, other_spellings
from ui import icons, theme

KindRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
CountRole = Qt.ItemDataRole.UserRole + 3
TagRole = Qt.ItemDataRole.UserRole + 4

VIEWS = (("library", "Library", "library"), ("starred", "Starred", "star"), ("unread", "Unread", "unread"),
         ("recent", "Recently clipped", "recent"), ("links", "Link only", "link"),
         ("trash", "Trash", "trash"))  # fmt: skip
FACETS = (("source", "Sources", "source"), ("place", "Places", "place"), ("year", "Years", "year"))

Index = QModelIndex | QPersistentModelIndex


def dot_icon(color: str) -> QIcon:
    pm = QPixmap(32, 32)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(9, 9, 14, 14)
    p.end()
    pm.setDevicePixelRatio(2.0)
    return QIcon(pm)


class SidebarDelegate(QStyledItemDelegate):
    """Section headers in small bold caps; counts right-aligned and muted."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        h = QFontMetrics(option.font).height()
        return QSize(160, h + (16 if index.data(KindRole) == "header" else 10))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        t = theme.current()
        if index.data(KindRole) == "header":
            painter.save()
            font = QFont(option.font)
            font.setPointSizeF(option.font.pointSizeF() * 0.82)
            font.setWeight(QFont.Weight.Bold)
            painter.setFont(font)
            painter.setPen(QColor(t.faint))
            rect = option.rect.adjusted(6, 8, 0, 0)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data()).upper())
            painter.restore()
            return
        count = index.data(CountRole)
        option.state &= ~QStyle.StateFlag.State_HasFocus
        opt = QStyleOptionViewItem(option)
        if count is not None:
            text = f"{int(count):,}"
            width = QFontMetrics(option.font).horizontalAdvance(text) + 12
            opt.rect = option.rect.adjusted(0, 0, -width, 0)
            # draw the row background across the full width first
            full = QStyleOptionViewItem(option)
            self.initStyleOption(full, index)
            full.text, full.icon = "", QIcon()
            style = option.widget.style() if option.widget else None
            if style:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, full, painter, option.widget)
            opt.state &= ~QStyle.StateFlag.State_Selected
            opt.state &= ~QStyle.StateFlag.State_MouseOver
            super().paint(painter, opt, index)
            painter.save()
            painter.setPen(QColor(t.muted))
            painter.drawText(QRect(option.rect.right() - width, option.rect.top(), width - 8, option.rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            painter.restore()
            return
        super().paint(painter, opt, index)


class Sidebar(QTreeWidget):
    """Emits what the user picked; :meth:`set_tags`, :meth:`set_counts`... fill it."""

    viewRequested = Signal(str, str)  # view, tag ("" unless view == "tag")
    savedSearchRequested = Signal(str)
    facetRequested = Signal(str, str)  # field, value
    deleteSavedSearchRequested = Signal(str)
    manageTagsRequested = Signal()
    tagActionRequested = Signal(str, str)  # rename / merge / colour / delete, tag path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Sidebar")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setIconSize(QSize(16, 16))
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setItemDelegate(SidebarDelegate(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._views: dict[str, QTreeWidgetItem] = {}
        self._tag_header = self._header("Tags")
        self._saved_header = self._header("Saved searches")
        self._facet_headers = {name: self._header(label) for name, label, _ in FACETS}
        self._build_views()
        self._updating = False
        self.itemSelectionChanged.connect(self._picked)
        self.itemClicked.connect(lambda item, _col: self._clicked(item))
        self.setMinimumWidth(170)

    def drawBranches(self, painter: QPainter, rect: QRect, index: QModelIndex | QPersistentModelIndex) -> None:
        """A plain background and a small chevron for items with children (no selection in the indent)."""
        painter.fillRect(rect, QColor(theme.current().sidebar))
        model_index = index if isinstance(index, QModelIndex) else self.model().index(index.row(), 0, index.parent())
        item = self.itemFromIndex(model_index)
        if item is None or not item.childCount() or item.data(0, KindRole) == "header":
            return
        name = "down" if item.isExpanded() else "right"
        pm = icons.pixmap(name, 12, color=theme.current().muted)
        painter.drawPixmap(rect.right() - 14, rect.top() + (rect.height() - 12) // 2, 12, 12, pm)

    # ----- building ---------------------------------------------------------------------------

    def _header(self, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label])
        item.setData(0, KindRole, "header")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _build_views(self) -> None:
        for key, label, icon_name in VIEWS:
            item = QTreeWidgetItem([label])
            item.setData(0, KindRole, "view")
            item.setData(0, ValueRole, key)
            item.setIcon(0, icons.icon(icon_name))
            self._views[key] = item
            self.addTopLevelItem(item)
        self.addTopLevelItem(self._tag_header)
        self.addTopLevelItem(self._saved_header)
        for header in self._facet_headers.values():
            self.addTopLevelItem(header)
        self._tag_header.setExpanded(True)
        self._tag_header.setHidden(True)  # until there are tags (the tree and the counts come just after the list)
        self._views["links"].setHidden(True)  # until there are link-only articles
        self._views["library"].setSelected(True)
        self.setCurrentItem(self._views["library"])

    def refresh_icons(self) -> None:
        for key, _label, icon_name in VIEWS:
            self._views[key].setIcon(0, icons.icon(icon_name))

    def set_counts(self, counts: dict[str, int]) -> None:
        for key, item in self._views.items():
            item.setData(0, CountRole, counts.get(key, 0) if key != "recent" or counts.get(key) else None)
        # Link-only articles come from imports of bookmarks and read-later lists: no imports, no row.
        links = self._views["links"]
        links.setHidden(not counts.get("links") and not links.isSelected())
        links.setToolTip(0, "Imported with their address only: Tools ▸ Fetch Link-Only Articles fetches their pages")

    def set_tags(self, tags: list[Tag], view_counts: dict[str, int] | None = None) -> None:
        """Rebuild the tag tree: ``places/Korea/Seoul`` nests under ``places`` and ``Korea``.

        ``view_counts`` (lower-case path: articles) is what clicking a node lists, the tag and every tag
        below it; a node shows that count, and its tooltip says how many carry the tag itself."""
        view_counts = view_counts or {}
        current = self._current_key()
        expanded = self._expanded_tags()
        self._updating = True
        self._tag_header.takeChildren()
        nodes: dict[str, QTreeWidgetItem] = {}
        for tag in sorted(tags, key=lambda t: t.name.lower()):
            parts = tag.name.split("/")
            parent = self._tag_header
            for depth in range(len(parts)):
                path = "/".join(parts[: depth + 1])
                key = path.lower()
                if key not in nodes:
                    item = QTreeWidgetItem([parts[depth]])
                    item.setData(0, KindRole, "tag")
                    item.setData(0, ValueRole, path)
                    item.setIcon(0, icons.icon("tag", theme.current().muted))
                    parent.addChild(item)
                    nodes[key] = item
                parent = nodes[key]
            leaf = nodes[tag.name.lower()]
            leaf.setData(0, ValueRole, tag.name)
            leaf.setData(0, TagRole, tag)
            if tag.color:
                leaf.setIcon(0, dot_icon(tag.color))
        for key, item in nodes.items():
            tag = item.data(0, TagRole)
            own = tag.count if isinstance(tag, Tag) else 0
            shown = view_counts.get(key, own)
            item.setData(0, CountRole, shown)
            name = str(item.data(0, ValueRole))
            item.setToolTip(0, f"{name}: {shown:,} article{'s' if shown != 1 else ''}" + (
                f" ({own:,} tagged {name} itself, the rest below it)" if shown != own else ""))
        for key, item in nodes.items():
            item.setExpanded(key in expanded or (item.parent() is self._tag_header and key in expanded))
        self._tag_header.setHidden(not tags)
        self._tag_header.setExpanded(True)
        self._restore(current)
        self._updating = False

    def set_saved_searches(self, searches: list[tuple[str, str]]) -> None:
        current = self._current_key()
        self._updating = True
        self._saved_header.takeChildren()
        for name, query in searches:
            item = QTreeWidgetItem([name])
            item.setData(0, KindRole, "saved")
            item.setData(0, ValueRole, query)
            item.setToolTip(0, query)
            item.setIcon(0, icons.icon("saved", theme.current().muted))
            self._saved_header.addChild(item)
        self._saved_header.setHidden(not searches)
        self._saved_header.setExpanded(True)
        self._restore(current)
        self._updating = False

    def set_facets(self, facets: dict[str, dict[str, int]], limit: int = 6) -> None:
        """The source, place and year counts of the current list; a click filters by one."""
        self._updating = True
        for name, _label, icon_name in FACETS:
            header = self._facet_headers[name]
            header.takeChildren()
            counted = merge_places(facets.get(name, {})) if name == "place" else facets.get(name, {})
            values = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
            if name == "year":
                values = sorted(values, key=lambda kv: kv[0], reverse=True)
            for value, count in values:
                shown = value if name == "place" else value.title() if value.isupper() and len(value) > 3 else value
                item = QTreeWidgetItem([shown])
                item.setData(0, KindRole, "facet")
                item.setData(0, ValueRole, f"{name}\t{value}")
                item.setData(0, CountRole, count)
                item.setIcon(0, icons.icon(icon_name, theme.current().muted))
                others = other_spellings(value) if name == "place" else []
                item.setToolTip(0, f"Only articles with {name} {shown}" + (
                    f"\nAlso written {', '.join(others)}: right-click to search all spellings" if others else ""))
                header.addChild(item)
            header.setHidden(not values)
            header.setExpanded(True)
        self._updating = False

    # ----- state ------------------------------------------------------------------------------

    def _current_key(self) -> tuple[str, str] | None:
        item = self.currentItem()
        if item is None:
            return None
        return str(item.data(0, KindRole)), str(item.data(0, ValueRole))

    def _expanded_tags(self) -> set[str]:
        out: set[str] = set()
        stack = _children(self._tag_header)
        while stack:
            item = stack.pop()
            if item.isExpanded():
                out.add(str(item.data(0, ValueRole)).lower())
            stack.extend(_children(item))
        return out

    def _restore(self, key: tuple[str, str] | None) -> None:
        if key is None:
            return
        item = self.find_item(key[0], key[1])
        if item is not None:
            self.setCurrentItem(item)

    def find_item(self, kind: str, value: str) -> QTreeWidgetItem | None:
        """The item of ``kind`` (view, tag, saved, facet) whose value is ``value`` (case-blind)."""
        stack = [i for i in (self.topLevelItem(n) for n in range(self.topLevelItemCount())) if i is not None]
        while stack:
            item = stack.pop()
            if item.data(0, KindRole) == kind and str(item.data(0, ValueRole)).lower() == value.lower():
                return item
            stack.extend(_children(item))
        return None

    def select_view(self, view: str, tag: str = "") -> None:
        """Select the item of ``view`` (and ``tag``) without emitting a request."""
        item = self.find_item("tag", tag) if view == "tag" else self._views.get(view)
        if item is not None:
            self._updating = True
            self.setCurrentItem(item)
            self._updating = False

    def item_for_view(self, view: str) -> QTreeWidgetItem:
        return self._views[view]

    # ----- signals ----------------------------------------------------------------------------

    def _picked(self) -> None:
        if self._updating:
            return
        item = self.currentItem()
        if item is None:
            return
        kind, value = item.data(0, KindRole), str(item.data(0, ValueRole))
        if kind == "view":
            self.viewRequested.emit(value, "")
        elif kind == "tag":
            self.viewRequested.emit("tag", value)

    def _clicked(self, item: QTreeWidgetItem) -> None:
        kind, value = item.data(0, KindRole), str(item.data(0, ValueRole))
        if kind == "saved":
            self.savedSearchRequested.emit(value)
        elif kind == "facet":
            field, _, facet_value = value.partition("\t")
            self.facetRequested.emit(field, facet_value)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        menu = self.menu_for(item) if item is not None else None
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def menu_for(self, item: QTreeWidgetItem) -> QMenu | None:
        """The right-click menu of ``item`` (None when it has none)."""
        menu = QMenu(self)
        kind = item.data(0, KindRole)
        if kind == "saved":
            name = item.text(0)
            menu.addAction("Delete Saved Search", lambda: self.deleteSavedSearchRequested.emit(name))
        elif kind == "tag":
            path = str(item.data(0, ValueRole))
            real = item.data(0, TagRole) is not None  # not just a level above other tags
            for action, label, enabled in (("rename", "Rename…", True), ("merge", "Merge Into…", real),
                                           ("colour", "Colour…", real), ("delete", "Delete…", True)):
                entry = menu.addAction(label, partial(self.tagActionRequested.emit, action, path))
                entry.setEnabled(enabled)
            menu.addSeparator()
            menu.addAction("Manage Tags…", self.manageTagsRequested.emit)
        elif item is self._tag_header:
            menu.addAction("Manage Tags…", self.manageTagsRequested.emit)
        elif kind == "facet" and str(item.data(0, ValueRole)).startswith("place\t"):
            place = str(item.data(0, ValueRole)).partition("\t")[2]
            if other_spellings(place):
                names = " / ".join([place, *other_spellings(place)])
                menu.addAction(f"Search All Spellings ({names})",
                               partial(self.savedSearchRequested.emit, all_spellings_query(place)))
        if menu.isEmpty():
            menu.deleteLater()
            return None
        return menu


def merge_places(counts: dict[str, int]) -> dict[str, int]:
    """Place counts by the one shown form (PORT ELLIS and Port Ellis are one row, Seoul and 서울 two)."""
    merged: dict[str, int] = {}
    for value, count in counts.items():
        shown = display_place(value)
        merged[shown] = merged.get(shown, 0) + count
    return merged


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]
