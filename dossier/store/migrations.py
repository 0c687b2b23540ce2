"""Schema migrations: small functions, applied in order, each recorded in the `migrations` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = Callable[[], str]  # returns the SQL script of one schema step
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, name, fn))
        return fn

    return register


@migration(1, "documents, comments and full-text search")
def _documents() -> str:
    return """
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            version INTEGER NOT NULL,
            format TEXT NOT NULL,
            url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            outlet TEXT,
            published TEXT,
            language TEXT,
            flags TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            extractor TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            UNIQUE (source, version)
        );
        CREATE INDEX documents_source ON documents (source);
        CREATE INDEX documents_published ON documents (published);

        CREATE TABLE comments (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            author TEXT,
            date TEXT,
            text TEXT NOT NULL,
            parent INTEGER,
            PRIMARY KEY (doc_id, position)
        );

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
    """


@migration(2, "annotations: entities, mentions, time expressions, events")
def _annotations() -> str:
    return """
        CREATE TABLE annotations (
            doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            pipeline TEXT NOT NULL,
            anchor TEXT,
            annotated_at TEXT NOT NULL
        );
        CREATE TABLE doc_entities (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            entity_id TEXT,
            PRIMARY KEY (doc_id, key)
        );
        CREATE INDEX doc_entities_entity ON doc_entities (entity_id);
        CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            extractor TEXT NOT NULL,
            PRIMARY KEY (doc_id, start, end)
        );
        CREATE TABLE timexes (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            value TEXT NOT NULL,
            mod TEXT,
            anchor TEXT,
            extractor TEXT NOT NULL,
            PRIMARY KEY (doc_id, start, end)
        );
        CREATE TABLE event_mentions (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            mode TEXT NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            trigger_text TEXT NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            date TEXT,
            date_start INTEGER,
            date_end INTEGER,
            participants TEXT NOT NULL DEFAULT '[]',
            event_id TEXT,
            extractor TEXT NOT NULL
        );
        CREATE INDEX event_mentions_doc ON event_mentions (doc_id, trigger_start);
        CREATE INDEX event_mentions_event ON event_mentions (event_id);
        CREATE TABLE entities (
            entity_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            doc_ids TEXT NOT NULL DEFAULT '[]',
            mentions INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            date TEXT,
            doc_count INTEGER NOT NULL,
            mention_count INTEGER NOT NULL,
            participants TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX events_date ON events (date);
    """


@migration(3, "quotes with speakers and chains, sentence voices, quote search")
def _quotes() -> str:
    return """
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            cue TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            speaker TEXT,
            speaker_key TEXT,
            speaker_entity_id TEXT,
            speaker_described INTEGER NOT NULL DEFAULT 0,
            speaker_start INTEGER,
            speaker_end INTEGER,
            via TEXT NOT NULL DEFAULT '[]',
            hedges TEXT NOT NULL DEFAULT '[]',
            sourcing TEXT NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE INDEX quotes_doc ON quotes (doc_id, start);
        CREATE INDEX quotes_speaker ON quotes (speaker_entity_id);
        CREATE TABLE voices (
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            voice TEXT NOT NULL,
            PRIMARY KEY (doc_id, start)
        );
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, content='quotes', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts (rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
        END;
        CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker);
        END;
        CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker) VALUES ('delete', old.id, old.text, old.speaker);
            INSERT INTO quotes_fts (rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
        END;
    """


@migration(4, "claims with holder and check-worthiness, claim clusters and their pairwise relations")
def _claims() -> str:
    return """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            holder TEXT,
            holder_key TEXT,
            holder_entity_id TEXT,
            holder_described INTEGER NOT NULL DEFAULT 0,
            voice TEXT NOT NULL,
            score REAL NOT NULL,
            features TEXT NOT NULL DEFAULT '{}',
            cues TEXT NOT NULL DEFAULT '[]',
            kind TEXT NOT NULL,
            entities TEXT NOT NULL DEFAULT '[]',
            numbers TEXT NOT NULL DEFAULT '[]',
            dates TEXT NOT NULL DEFAULT '[]',
            negated INTEGER NOT NULL DEFAULT 0,
            extractor TEXT NOT NULL,
            embedding BLOB,
            embedding_model TEXT,
            cluster_id TEXT
        );
        CREATE INDEX claims_doc ON claims (doc_id, start);
        CREATE INDEX claims_cluster ON claims (cluster_id);
        CREATE INDEX claims_holder ON claims (holder_entity_id);
        CREATE TABLE claim_clusters (
            cluster_id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            doc_count INTEGER NOT NULL,
            contested INTEGER NOT NULL DEFAULT 0,
            independent INTEGER NOT NULL DEFAULT 0,
            kind TEXT,
            label TEXT NOT NULL
        );
        CREATE INDEX claim_clusters_contested ON claim_clusters (contested, doc_count);
        CREATE TABLE claim_links (
            cluster_id TEXT NOT NULL REFERENCES claim_clusters (cluster_id) ON DELETE CASCADE,
            claim_a TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
            claim_b TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
            relation TEXT NOT NULL,
            similarity REAL NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (claim_a, claim_b)
        );
        CREATE INDEX claim_links_cluster ON claim_links (cluster_id);
    """


@migration(5, "event participants: one shape (entity_key, entity_id, name, role) in events as in event_mentions")
def _participants() -> str:
    return """
        UPDATE events SET participants = (
            SELECT json_group_array(json_object(
                'entity_key', NULL, 'entity_id', json_extract(p.value, '$[1]'),
                'name', json_extract(p.value, '$[2]'), 'role', json_extract(p.value, '$[0]')))
            FROM json_each(events.participants) AS p
        ) WHERE json_type(participants, '$[0]') = 'array';
    """


@migration(6, "incremental resolution: resolution order, entity keys, person tokens, event keys, syndicated pairs")
def _incremental_resolution() -> str:
    return """
        CREATE TABLE resolution_order (
            doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL UNIQUE
        );
        ALTER TABLE doc_entities ADD COLUMN own_id TEXT;
        ALTER TABLE doc_entities ADD COLUMN single_token TEXT;
        CREATE INDEX doc_entities_own ON doc_entities (own_id);
        CREATE INDEX doc_entities_single ON doc_entities (single_token);
        CREATE TABLE person_tokens (
            token TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (token, entity_id)
        );
        ALTER TABLE entities ADD COLUMN name_mentions INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE events ADD COLUMN seq INTEGER;
        CREATE INDEX events_seq ON events (seq);
        CREATE TABLE event_keys (
            type TEXT NOT NULL,
            role TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (type, role, entity_id, event_id)
        );
        CREATE INDEX event_keys_event ON event_keys (event_id);
        CREATE TABLE syndicated (
            doc_a TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            doc_b TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (doc_a, doc_b)
        );
        CREATE INDEX syndicated_b ON syndicated (doc_b);
    """


@migration(13, "propaganda-technique spans with confidence and voice")
def _techniques() -> str:
    return """
    CREATE TABLE techniques (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        technique TEXT NOT NULL,
        confidence REAL NOT NULL,
        voice TEXT NOT NULL CHECK (voice IN ('author', 'quote', 'reported')),
        extractor TEXT NOT NULL,
        PRIMARY KEY (doc_id, start, end, technique)
    );
    CREATE INDEX techniques_by_technique ON techniques(technique, voice);
    """


@migration(14, "document list indexes: newest first without sorting, facets without reading article text")
def _listing_indexes() -> str:
    return """
        CREATE INDEX documents_newest ON documents (published IS NULL, published DESC, source, version);
        CREATE INDEX documents_listing ON documents (source, version, published, outlet, language);
    """


@migration(15, "raw sources kept compressed beside each document, for re-extraction")
def _sources() -> str:
    return """
        CREATE TABLE document_sources (
            doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            url TEXT,
            content_type TEXT,
            hints TEXT NOT NULL DEFAULT '{}',
            compression TEXT NOT NULL,
            raw_bytes INTEGER NOT NULL,
            raw BLOB NOT NULL
        );
    """


@migration(20, "annotation leases: a document one process is annotating is not annotated again by another")
def _annotation_leases() -> str:
    return """
        CREATE TABLE annotation_leases (
            doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            owner TEXT NOT NULL,
            claimed_at REAL NOT NULL
        );
    """


@migration(21, "event mentions: where the date came from and how sure")
def _event_date_source() -> str:
    return """
        ALTER TABLE event_mentions ADD COLUMN date_source TEXT;
        ALTER TABLE event_mentions ADD COLUMN date_confidence REAL;
    """


@migration(16, "vectors: sentence, claim and quote embeddings for semantic search and claim checks")
def _vectors() -> str:
    return """
        CREATE TABLE vectors (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            UNIQUE (doc_id, kind, start, end)
        );
        CREATE INDEX vectors_kind ON vectors (kind, model);
    """


@migration(22, "link tables with foreign keys (entity ↔ documents, quote ↔ speaker) kept by triggers, for Datasette")
def _links() -> str:
    # The entity id columns are rewritten by resolution in whatever order it likes, so they carry no foreign key
    # (it would fail mid-rewrite). These link tables hold a row only while both ends exist: triggers add it when
    # the second end appears, and deleting either end cascades. Datasette, sqlite-utils and any tool reading
    # PRAGMA foreign_key_list can then walk entities ↔ documents ↔ quotes.
    return """
        CREATE TABLE IF NOT EXISTS entity_documents (
            entity_id TEXT NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (entity_id, doc_id)
        );
        CREATE INDEX IF NOT EXISTS entity_documents_doc ON entity_documents (doc_id);
        CREATE TABLE IF NOT EXISTS quote_speakers (
            quote_id INTEGER PRIMARY KEY REFERENCES quotes (id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE
        );
        CREATE INDEX IF NOT EXISTS quote_speakers_entity ON quote_speakers (entity_id);
        INSERT OR IGNORE INTO entity_documents (entity_id, doc_id)
            SELECT e.entity_id, j.value FROM entities e, json_each(e.doc_ids) j
            WHERE j.value IN (SELECT id FROM documents);
        INSERT OR IGNORE INTO quote_speakers (quote_id, entity_id)
            SELECT q.id, q.speaker_entity_id FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id;
        CREATE TRIGGER IF NOT EXISTS entity_links_insert AFTER INSERT ON entities BEGIN
            INSERT OR IGNORE INTO entity_documents (entity_id, doc_id)
                SELECT new.entity_id, j.value FROM json_each(new.doc_ids) j WHERE j.value IN (SELECT id FROM documents);
            INSERT OR REPLACE INTO quote_speakers (quote_id, entity_id)
                SELECT q.id, new.entity_id FROM quotes q WHERE q.speaker_entity_id = new.entity_id;
        END;
        CREATE TRIGGER IF NOT EXISTS entity_links_update AFTER UPDATE OF doc_ids ON entities BEGIN
            DELETE FROM entity_documents WHERE entity_id = new.entity_id;
            INSERT OR IGNORE INTO entity_documents (entity_id, doc_id)
                SELECT new.entity_id, j.value FROM json_each(new.doc_ids) j WHERE j.value IN (SELECT id FROM documents);
        END;
        CREATE TRIGGER IF NOT EXISTS quote_links_insert AFTER INSERT ON quotes
        WHEN new.speaker_entity_id IS NOT NULL BEGIN
            INSERT OR REPLACE INTO quote_speakers (quote_id, entity_id)
                SELECT new.id, e.entity_id FROM entities e WHERE e.entity_id = new.speaker_entity_id;
        END;
        CREATE TRIGGER IF NOT EXISTS quote_links_update AFTER UPDATE OF speaker_entity_id ON quotes BEGIN
            DELETE FROM quote_speakers WHERE quote_id = new.id;
            INSERT INTO quote_speakers (quote_id, entity_id)
                SELECT new.id, e.entity_id FROM entities e WHERE e.entity_id = new.speaker_entity_id;
        END;
    """


def applied_versions(db: sqlite3.Connection) -> set[int]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in db.execute("SELECT version FROM migrations")}


def migrate(db: sqlite3.Connection) -> list[int]:
    """Apply every migration not yet recorded, each with its record in one transaction; returns what ran."""
    done = applied_versions(db)
    applied = []
    for version, name, step in sorted(MIGRATIONS, key=lambda m: m[0]):
        if version in done:
            continue
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        label = name.replace("'", "''")
        try:
            # executescript would commit an open transaction first, so the script carries its own
            db.executescript(
                f"BEGIN IMMEDIATE;\n{step()}\n"
                f"INSERT INTO migrations (version, name, applied_at) VALUES ({version:d}, '{label}', '{stamp}');\n"
                "COMMIT;"
            )
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and version in applied_versions(db):
                continue  # another process opening the same new file applied it while we waited for the lock
            raise
        applied.append(version)
    return applied
