"""Tag queries: names unique without regard to case, ``/`` makes a hierarchy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from app.errors import TagError
from app.model import Tag
from app.store.db import Database
from app.store.sql import chunks, like_escape, marks

_SPACES = re.compile(r"\s+")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def normalise_tag(name: str) -> str:
    """Trim spaces around each level and collapse inner runs: `` places / Korea `` -> ``places/Korea``."""
    parts = [_SPACES.sub(" ", p).strip() for p in name.split("/")]
    parts = [p for p in parts if p]
    if not parts:
        raise TagError(f"{name!r} is not a tag name: use letters, digits and '/' for levels, e.g. places/Korea.")
    return "/".join(parts)


def subtree_where(column: str, name: str) -> tuple[str, list[object]]:
    """A condition on the tag-name ``column``: the tag ``name`` (normalised already) or any tag below it."""
    return (f"({column} = ? COLLATE NOCASE OR lower({column}) LIKE lower(?) ESCAPE '\\')",
            [name, like_escape(name) + "/%"])  # fmt: skip


def ensure_tag(db: Database, name: str) -> int:
    """The id of tag ``name`` (any case: the column compares without case), creating it with this spelling if new."""
    return int(db.table("tags").lookup({"name": normalise_tag(name)}))


def tag_id(db: Database, name: str) -> int:
    row = db.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (normalise_tag(name),)).fetchone()
    if not row:
        raise TagError(f"There is no tag {name!r}. `cuttings tags` lists the tags there are.")
    return int(row[0])


def add_tags(db: Database, article_ids: Sequence[int], names: Iterable[str]) -> list[str]:
    """Put tags ``names`` on every article of ``article_ids``; returns the names as normalised."""
    names = list(names)
    tag_articles(db, {a: names for a in article_ids})
    return [normalise_tag(n) for n in names]


def tag_articles(db: Database, names_by_article: Mapping[int, Sequence[str]]) -> None:
    """Put on each article its tags (creating the new ones); each name is looked up once."""
    ids = {n: ensure_tag(db, n) for n in dict.fromkeys(n for names in names_by_article.values() for n in names)}
    db.table("article_tags").insert_all(
        ({"article_id": a, "tag_id": ids[n]} for a, names in names_by_article.items() for n in names), ignore=True
    )


def remove_tags(db: Database, article_ids: Sequence[int], names: Iterable[str]) -> list[str]:
    removed = []
    for name in names:
        tid = tag_id(db, name)
        db.conn.executemany(
            "DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?", [(a, tid) for a in article_ids]
        )
        removed.append(normalise_tag(name))
    return removed


def tags_of(db: Database, article_id: int) -> list[str]:
    rows = db.conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = ? "
        "ORDER BY t.name COLLATE NOCASE",
        (article_id,),
    ).fetchall()
    return [r[0] for r in rows]


def tags_of_many(db: Database, article_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {a: [] for a in article_ids}
    for chunk in chunks(list(article_ids)):
        for aid, name in db.conn.execute(
            f"SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.article_id IN ({marks(chunk)}) ORDER BY t.name COLLATE NOCASE",
            chunk,
        ):
            out[aid].append(name)
    return out


def list_tags(db: Database, *, include_trashed: bool = False) -> list[Tag]:
    """Every tag with the number of (live) articles carrying it, sorted by name."""
    # Trashed articles are few: leaving them out by a list of their ids reads only an index, where a join to
    # ``articles`` read each row's overflow pages for ``deleted_at``.
    live = "" if include_trashed else "AND at.article_id NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)"
    rows = db.conn.execute(
        f"SELECT t.id, t.name, t.color, COUNT(at.article_id) FROM tags t "
        f"LEFT JOIN article_tags at ON at.tag_id = t.id {live} "
        f"GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    return [Tag(id=r[0], name=r[1], color=r[2], count=r[3]) for r in rows]


def tag_colors(db: Database) -> dict[str, str]:
    """The colour of each coloured tag, by lower-case name (no counting: the list's chips need only these)."""
    return {r[0].lower(): r[1] for r in db.conn.execute("SELECT name, color FROM tags WHERE color != ''")}


def subtree_ids(db: Database, name: str) -> list[tuple[int, str]]:
    """The tag ``name`` and every tag below it, as ``(id, name)``."""
    where, params = subtree_where("name", normalise_tag(name))
    return [(r[0], r[1]) for r in db.conn.execute(f"SELECT id, name FROM tags WHERE {where}", params)]


def articles_with_tags(db: Database, tag_ids: Sequence[int]) -> list[int]:
    if not tag_ids:
        return []
    return [r[0] for r in db.conn.execute(
        f"SELECT DISTINCT article_id FROM article_tags WHERE tag_id IN ({marks(tag_ids)})", list(tag_ids))]


def rename_tag(db: Database, old: str, new: str) -> tuple[list[int], list[tuple[str, str]]]:
    """Rename ``old`` and every tag below it (``places/Korea`` -> ``asia/Korea`` moves ``places/Korea/Seoul``).

    When a new name already exists (other than by case), the two are merged.
    Returns the touched article ids and the ``(old, new)`` name pairs.
    """
    old_n, new_n = normalise_tag(old), normalise_tag(new)
    tree = subtree_ids(db, old_n)
    if not tree:
        raise TagError(f"There is no tag {old!r} to rename.")
    if new_n.lower().startswith(old_n.lower() + "/"):
        raise TagError(f"Cannot move {old_n!r} inside itself ({new_n!r}).")
    touched: set[int] = set(articles_with_tags(db, [t for t, _ in tree]))
    pairs = []
    for tid, name in sorted(tree, key=lambda t: len(t[1])):
        target = new_n + name[len(old_n):]
        existing = db.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND id != ?", (target, tid)).fetchone()
        if existing:
            _merge_ids(db, tid, int(existing[0]))
        else:
            db.table("tags").update(tid, {"name": target})
        pairs.append((name, target))
    return sorted(touched), pairs


def merge_tags(db: Database, source: str, into: str) -> list[int]:
    """Move every article of ``source`` to ``into`` and delete ``source``. Returns touched article ids."""
    sid, tid = tag_id(db, source), ensure_tag(db, into)
    if sid == tid:
        raise TagError(f"{source!r} and {into!r} are the same tag.")
    touched = articles_with_tags(db, [sid])
    _merge_ids(db, sid, tid)
    return touched


def delete_tag(db: Database, name: str) -> list[int]:
    """Delete ``name`` and the tags below it from every article. Returns touched article ids."""
    tree = subtree_ids(db, name)
    if not tree:
        raise TagError(f"There is no tag {name!r} to delete.")
    ids = [t for t, _ in tree]
    touched = articles_with_tags(db, ids)
    db.conn.executemany("DELETE FROM tags WHERE id = ?", [(t,) for t in ids])
    return touched


def set_tag_color(db: Database, name: str, color: str) -> None:
    if color and not _COLOR.match(color):
        raise TagError(f"{color!r} is not a colour: use #rrggbb, e.g. #3a7bd5.")
    db.table("tags").update(tag_id(db, name), {"color": color})


def _merge_ids(db: Database, source_id: int, target_id: int) -> None:
    db.conn.execute(
        "INSERT OR IGNORE INTO article_tags(article_id, tag_id) SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
        (target_id, source_id),
    )
    db.conn.execute("DELETE FROM tags WHERE id = ?", (source_id,))
