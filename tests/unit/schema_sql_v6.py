"""The schema's first six migrations as the SQL scripts they were until they became sqlite-utils functions
(``app/store/schema.py`` at 6ef64f9), frozen here: an archive made with these is what every archive so far is,
and the functions must make exactly the same schema (``test_schema_shape.py``). Never edit this file."""

SQL_MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        subtitle TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        canonical_url TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        starred INTEGER NOT NULL DEFAULT 0,
        read INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        clipped_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        content_hash TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url != '';
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_deleted_at ON articles(deleted_at);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_clipped_at ON articles(clipped_at);

    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        bytes INTEGER NOT NULL,
        mime TEXT NOT NULL DEFAULT '',
        ext TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );

    CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT REFERENCES blobs(sha256),
        mime TEXT,
        width INTEGER,
        height INTEGER,
        bytes INTEGER,
        caption TEXT NOT NULL DEFAULT '',
        credit TEXT NOT NULL DEFAULT '',
        alt TEXT NOT NULL DEFAULT '',
        original_url TEXT NOT NULL DEFAULT '',
        exif TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX photos_article ON photos(article_id, position);
    CREATE INDEX photos_sha256 ON photos(sha256);

    CREATE TABLE captures (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        method TEXT NOT NULL,
        raw_sha256 TEXT REFERENCES blobs(sha256),
        mime TEXT NOT NULL DEFAULT '',
        filename TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        final_url TEXT NOT NULL DEFAULT '',
        http_status INTEGER,
        http_headers TEXT NOT NULL DEFAULT '{}',
        redirects TEXT NOT NULL DEFAULT '[]',
        fetched_at TEXT NOT NULL DEFAULT '',
        tool_version TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX captures_article ON captures(article_id);
    CREATE INDEX captures_raw ON captures(raw_sha256);

    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_tag ON article_tags(tag_id);

    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        tag TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        article_id INTEGER,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_article ON events(article_id);

    CREATE TABLE index_queue (
        article_id INTEGER PRIMARY KEY,
        queued_at TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: covering indexes for the list, the sidebar counts and the facets. An article's row is longer than a
    # page, so the columns after ``body`` (starred, read, deleted_at, clipped_at) live in overflow pages: a
    # count or a listing that read them from the table read the whole database (700 MB at 100,000 articles).
    """
    DROP INDEX articles_deleted_at;
    DROP INDEX articles_clipped_at;
    DROP INDEX articles_published;
    CREATE INDEX articles_listing ON articles(deleted_at, clipped_at, id, starred, read);
    CREATE INDEX articles_by_published ON articles(deleted_at, published);
    CREATE INDEX articles_facets ON articles(deleted_at, source, place, published);
    """,
    # 3: the duplicate check looks an address up as an article's url too (it scanned the whole table: 26 ms an
    # item at 100,000 articles, most of a web-page import).
    """
    CREATE INDEX articles_url ON articles(url) WHERE url != '';
    """,
    # 4: imports from other tools. ``import_sources`` ties an article to the item it came from (so importing the
    # same export twice adds nothing, and every field can be traced to its place in the export file);
    # ``pending_fetch`` lists link-only articles (a bookmark, a Pocket item) until their page is fetched.
    """
    CREATE TABLE import_sources (
        tool TEXT NOT NULL,
        item_id TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        export_sha256 TEXT REFERENCES blobs(sha256),
        locator TEXT NOT NULL DEFAULT '',
        original_url TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        PRIMARY KEY (tool, item_id)
    );
    CREATE INDEX import_sources_article ON import_sources(article_id);
    CREATE TABLE pending_fetch (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        added_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        last_tried_at TEXT NOT NULL DEFAULT ''
    );
    """,
    # 5: what extraction left out of a cutting as boilerplate (share lines, "Our Standards: ...", copyright
    # notices), a JSON list of the lines: nothing clipped is silently lost, and the reader can show them.
    """
    ALTER TABLE articles ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]';
    """,
    # 6: a scan's OCR word boxes (hOCR) are a blob of their own, beside the scan kept as raw_sha256
    """
    ALTER TABLE captures ADD COLUMN ocr_sha256 TEXT REFERENCES blobs(sha256);
    CREATE INDEX captures_ocr ON captures(ocr_sha256) WHERE ocr_sha256 IS NOT NULL;
    """,
]
