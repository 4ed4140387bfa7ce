"""The versioned SQLite schema.

Each migration is applied once, in order, inside one transaction, and recorded in
``schema_migrations``; a database written by a newer claimledger is refused rather than
guessed at. Names are chosen for people opening the file in Datasette.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE raw_inputs (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        byte_size INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        brief TEXT,
        citations TEXT NOT NULL DEFAULT '[]',
        analyzed_at TEXT
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        url TEXT,
        title TEXT,
        outlet TEXT,
        published TEXT,
        published_source TEXT NOT NULL DEFAULT 'unknown',
        language TEXT,
        encoding TEXT,
        raw_input INTEGER NOT NULL REFERENCES raw_inputs(id),
        content_hash TEXT NOT NULL,
        byte_size INTEGER NOT NULL,
        text TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        offsets BLOB,
        duplicate_of INTEGER REFERENCES documents(id),
        duplicate_kind TEXT,
        similarity REAL,
        version_of INTEGER REFERENCES documents(id),
        story INTEGER REFERENCES stories(id),
        minhash BLOB,
        extracted_with TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_by_hash ON documents(content_hash);
    CREATE INDEX documents_by_url ON documents(url);
    CREATE INDEX documents_by_story ON documents(story);
    CREATE INDEX documents_by_raw_input ON documents(raw_input);
    CREATE TABLE removed_debris (
        id INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        reason TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX removed_debris_by_document ON removed_debris(document);
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        line_key TEXT NOT NULL,
        documents INTEGER NOT NULL,
        PRIMARY KEY (outlet, line_key)
    ) WITHOUT ROWID;
    CREATE TABLE near_duplicate_bands (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (band, bucket, document)
    ) WITHOUT ROWID;
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        story INTEGER REFERENCES stories(id),
        measure TEXT,
        value REAL,
        low REAL,
        high REAL,
        unit TEXT,
        item TEXT,
        item_lemma TEXT,
        subject TEXT,
        recipient TEXT,
        predicate TEXT,
        claimer TEXT,
        claimer_role TEXT,
        channel TEXT NOT NULL DEFAULT '[]',
        hedge TEXT,
        qualifier TEXT,
        vague INTEGER NOT NULL DEFAULT 0,
        negated INTEGER NOT NULL DEFAULT 0,
        time_scope TEXT,
        time_start TEXT,
        time_end TEXT,
        evidence TEXT NOT NULL,
        quote TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX claims_by_document ON claims(document);
    CREATE INDEX claims_by_story ON claims(story);
    CREATE INDEX claims_by_measure ON claims(measure);
    CREATE TABLE stances (
        id TEXT PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        actors TEXT NOT NULL,
        stance TEXT NOT NULL,
        target TEXT NOT NULL,
        evidence TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX stances_by_document ON stances(document);
    CREATE TABLE measures (
        id TEXT PRIMARY KEY,
        story INTEGER REFERENCES stories(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        item TEXT,
        subject TEXT,
        recipient TEXT,
        predicate TEXT,
        unit TEXT,
        status TEXT NOT NULL,
        disputed INTEGER NOT NULL DEFAULT 0,
        low REAL,
        high REAL,
        spread REAL,
        independent_sources INTEGER NOT NULL,
        ordered INTEGER NOT NULL DEFAULT 1,
        claims TEXT NOT NULL DEFAULT '[]',
        sources TEXT NOT NULL DEFAULT '[]',
        timeline TEXT NOT NULL DEFAULT '[]',
        explanation TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX measures_by_story ON measures(story);
    CREATE TABLE claim_explanations (
        claim TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        lines TEXT NOT NULL
    );
    CREATE TABLE component_state (
        key TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE documents_search USING fts5(
        title, text, content='documents', content_rowid='id'
    );
    CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_search(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_search(documents_search, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE VIEW claims_with_reports AS
        SELECT claims.id AS claim, claims.value, claims.low, claims.high, claims.unit,
               claims.item, claims.subject, claims.recipient, claims.predicate,
               claims.claimer, claims.claimer_role, claims.hedge, claims.qualifier,
               claims.time_scope, claims.quote, claims.evidence, claims.measure,
               documents.id AS document, documents.title AS report_title,
               documents.outlet, documents.published, documents.source
        FROM claims JOIN documents ON documents.id = claims.document;
    CREATE VIEW measures_overview AS
        SELECT measures.id AS measure, measures.story, stories.title AS story_title,
               measures.label, measures.status, measures.disputed, measures.low,
               measures.high, measures.spread, measures.independent_sources,
               json_array_length(measures.claims) AS claim_count
        FROM measures LEFT JOIN stories ON stories.id = measures.story;
    CREATE VIEW reports_overview AS
        SELECT documents.id AS document, documents.title, documents.outlet,
               documents.published, documents.published_source, documents.source,
               documents.url, documents.language, documents.duplicate_of,
               documents.duplicate_kind, documents.version_of, documents.story,
               (SELECT count(*) FROM claims WHERE claims.document = documents.id) AS claims
        FROM documents;
    """,
    # 2: what a figure measures: its owner and its kind of figure (issue: measures)
    """
    ALTER TABLE claims ADD COLUMN owner TEXT;
    ALTER TABLE claims ADD COLUMN figure_kind TEXT;
    """,
    # 3: reviewers' corrections (claimledger review), re-applied after every analysis
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        story INTEGER,
        claims TEXT NOT NULL DEFAULT '[]',
        target TEXT NOT NULL DEFAULT '[]',
        before TEXT NOT NULL DEFAULT '{}',
        after TEXT NOT NULL DEFAULT '{}',
        reason TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        withdrawn_at TEXT,
        applied_claims TEXT NOT NULL DEFAULT '[]',
        applied_measures TEXT NOT NULL DEFAULT '[]',
        unmatched TEXT
    );
    CREATE INDEX corrections_by_story ON corrections(story);
    """,
    # 4: problems: a stage that failed on one report (or story) records it here and the run
    # goes on; `claimledger problems` lists them, `stats` counts them
    """
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY,
        document INTEGER REFERENCES documents(id) ON DELETE CASCADE,
        story INTEGER,
        stage TEXT NOT NULL,
        error TEXT NOT NULL,
        "where" TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    );
    CREATE INDEX problems_by_document ON problems(document);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
