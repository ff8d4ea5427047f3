import GRDB

/// Versioned migrations of the embedded store. Never edit a registered migration: add one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-projects-keys-events-rows") { db in
            try db.execute(sql: """
                CREATE TABLE projects (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL
                );
                CREATE TABLE api_keys (
                    public_key TEXT PRIMARY KEY,
                    hashed_secret TEXT NOT NULL UNIQUE,
                    display_secret TEXT NOT NULL,
                    project_id TEXT NOT NULL REFERENCES projects(id),
                    name TEXT,
                    created_at INTEGER NOT NULL
                );
                -- The raw event log: the source every row is projected from.
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    envelope_id TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    entity_kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    event_ts INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    envelope TEXT NOT NULL,
                    UNIQUE (project_id, envelope_id)
                );
                CREATE INDEX events_by_entity ON events (project_id, entity_kind, entity_id);
                -- First-seen time of each trace id: the partition time of everything in the trace.
                CREATE TABLE partition_anchors (
                    project_id TEXT NOT NULL,
                    anchor TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    PRIMARY KEY (project_id, anchor)
                ) WITHOUT ROWID;
                CREATE TABLE traces (
                    project_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    name TEXT,
                    user_id TEXT,
                    session_id TEXT,
                    release TEXT,
                    version TEXT,
                    environment TEXT NOT NULL,
                    public INTEGER NOT NULL,
                    bookmarked INTEGER NOT NULL,
                    tags TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    input TEXT,
                    output TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    dt TEXT NOT NULL,
                    hh TEXT NOT NULL,
                    PRIMARY KEY (project_id, id)
                );
                CREATE TABLE observations (
                    project_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    parent_observation_id TEXT,
                    environment TEXT NOT NULL,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER,
                    name TEXT,
                    metadata TEXT NOT NULL,
                    level TEXT NOT NULL,
                    status_message TEXT,
                    version TEXT,
                    input TEXT,
                    output TEXT,
                    completion_start_time INTEGER,
                    provided_model_name TEXT,
                    model_parameters TEXT,
                    provided_usage_details TEXT NOT NULL,
                    provided_cost_details TEXT NOT NULL,
                    usage_details TEXT NOT NULL,
                    cost_details TEXT NOT NULL,
                    total_cost REAL,
                    prompt_name TEXT,
                    prompt_version INTEGER,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    dt TEXT NOT NULL,
                    hh TEXT NOT NULL,
                    PRIMARY KEY (project_id, id)
                );
                CREATE INDEX observations_by_trace ON observations (project_id, trace_id);
                CREATE TABLE scores (
                    project_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    value REAL,
                    string_value TEXT,
                    data_type TEXT NOT NULL,
                    source TEXT NOT NULL,
                    comment TEXT,
                    trace_id TEXT,
                    observation_id TEXT,
                    session_id TEXT,
                    dataset_run_id TEXT,
                    environment TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    config_id TEXT,
                    queue_id TEXT,
                    execution_trace_id TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    dt TEXT NOT NULL,
                    hh TEXT NOT NULL,
                    PRIMARY KEY (project_id, id)
                );
                CREATE INDEX scores_by_trace ON scores (project_id, trace_id);
                """)
        }
        migrator.registerMigration("v2-covering-entity-index") { db in
            // Refolding lists an entity's envelope ids; covering them avoids reading the rows.
            try db.execute(sql: """
                DROP INDEX events_by_entity;
                CREATE INDEX events_by_entity ON events (project_id, entity_kind, entity_id, envelope_id);
                """)
        }
        migrator.registerMigration("v3-events-unique-per-entity") { db in
            // An envelope id is unique per entity, as Langfuse keys its event files; one index
            // then serves both deduplication and refolding, and each logged event dirties one
            // random index page instead of two.
            try db.execute(sql: """
                CREATE TABLE events_v3 (
                    seq INTEGER PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    envelope_id TEXT NOT NULL,
                    event_type TEXT NOT NULL,
                    entity_kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    event_ts INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    envelope TEXT NOT NULL
                );
                INSERT INTO events_v3 SELECT seq, project_id, envelope_id, event_type, entity_kind, entity_id, event_ts, received_at, envelope FROM events;
                DROP TABLE events;
                ALTER TABLE events_v3 RENAME TO events;
                CREATE UNIQUE INDEX events_by_entity ON events (project_id, entity_kind, entity_id, envelope_id);
                """)
        }
        migrator.registerMigration("v4-anchor-kinds") { db in
            // Trace ids and traceless score ids are separate namespaces of partition anchors.
            try db.execute(sql: """
                CREATE TABLE partition_anchors_v4 (
                    project_id TEXT NOT NULL,
                    anchor_kind TEXT NOT NULL,
                    anchor TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    PRIMARY KEY (project_id, anchor_kind, anchor)
                ) WITHOUT ROWID;
                INSERT INTO partition_anchors_v4
                    SELECT project_id,
                           CASE WHEN anchor LIKE 'score:%' THEN 'score' ELSE 'trace' END,
                           CASE WHEN anchor LIKE 'score:%' THEN substr(anchor, 7) ELSE anchor END,
                           first_seen
                    FROM partition_anchors;
                DROP TABLE partition_anchors;
                ALTER TABLE partition_anchors_v4 RENAME TO partition_anchors;
                """)
        }
        migrator.registerMigration("v5-models-and-pricing") { db in
            // Model definitions are kept whole, in the price-file shape; project_id '' marks the
            // built-in ones. A revision counter tells writers when to reload their price book.
            // Costs become decimal text: a REAL column would round them through binary floats.
            try db.execute(sql: """
                CREATE TABLE models (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    model_name TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (project_id, model_name)
                );
                CREATE TABLE revisions (
                    name TEXT PRIMARY KEY,
                    revision INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO revisions (name, revision) VALUES ('models', 0);
                ALTER TABLE observations ADD COLUMN total_cost_text TEXT;
                UPDATE observations SET total_cost_text = CAST(total_cost AS TEXT) WHERE total_cost IS NOT NULL;
                ALTER TABLE observations DROP COLUMN total_cost;
                ALTER TABLE observations RENAME COLUMN total_cost_text TO total_cost;
                ALTER TABLE observations ADD COLUMN internal_model_id TEXT;
                ALTER TABLE observations ADD COLUMN usage_pricing_tier_id TEXT;
                ALTER TABLE observations ADD COLUMN usage_pricing_tier_name TEXT;
                ALTER TABLE observations ADD COLUMN input_price TEXT;
                ALTER TABLE observations ADD COLUMN output_price TEXT;
                ALTER TABLE observations ADD COLUMN total_price TEXT;
                """)
        }
        migrator.registerMigration("v6-change-feed-outbox") { db in
            // The change feed: each committed row change, encoded as its message, waits here
            // until the relay has published it. Sequences are assigned by the writer and double
            // as row versions; the relay clears them in order, so the pending ones are always
            // the sequences after `acknowledged`.
            try db.execute(sql: """
                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY,
                    entity_kind TEXT NOT NULL,
                    project_id TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    message_key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    sdk_name TEXT,
                    sdk_version TEXT,
                    committed_at INTEGER NOT NULL
                );
                CREATE TABLE outbox_dead_letters (
                    sequence INTEGER PRIMARY KEY,
                    entity_kind TEXT NOT NULL,
                    project_id TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    message_key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    sdk_name TEXT,
                    sdk_version TEXT,
                    committed_at INTEGER NOT NULL,
                    failed_at INTEGER NOT NULL,
                    error TEXT NOT NULL
                );
                CREATE TABLE outbox_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    enabled INTEGER NOT NULL,
                    last_sequence INTEGER NOT NULL,
                    acknowledged INTEGER NOT NULL
                );
                INSERT INTO outbox_state (id, enabled, last_sequence, acknowledged) VALUES (1, 0, 0, 0);
                """)
        }
        migrator.registerMigration("v7-outbox-pointers") { db in
            // Copying every changed row's message into the outbox doubled what a commit wrote.
            // A live change is now only a pointer to its row (the relay encodes the message
            // outside the write transaction); each row carries the version (sequence) of its
            // last change, so that a pointer read back after a restart can tell whether a later
            // change superseded it. A deleted row cannot be read back: its message is kept.
            try db.execute(sql: """
                CREATE TABLE outbox_v7 (
                    sequence INTEGER PRIMARY KEY,
                    entity_kind TEXT NOT NULL,
                    project_id TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    message_key TEXT NOT NULL,
                    value TEXT,
                    sdk_name TEXT,
                    sdk_version TEXT,
                    committed_at INTEGER NOT NULL
                );
                INSERT INTO outbox_v7 SELECT * FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_v7 RENAME TO outbox;
                ALTER TABLE traces ADD COLUMN row_version INTEGER;
                ALTER TABLE observations ADD COLUMN row_version INTEGER;
                ALTER TABLE scores ADD COLUMN row_version INTEGER;
                """)
        }
        migrator.registerMigration("v8-read-model") { db in
            // The read side: what lists, filters and metrics need, kept at commit time next to
            // the rows (docs/READ-SIDE.md). Numbers an observation is filtered and summed by,
            // its trace's attributes, per-trace aggregates, sessions, tag and metadata lookups,
            // hourly rollups and the content search index. Existing rows get them from a
            // rebuild that the flag in `read_model_state` asks for on the next open.
            try db.execute(sql: """
                ALTER TABLE observations ADD COLUMN input_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN output_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN total_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN input_cost REAL NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN output_cost REAL NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN total_cost_value REAL;
                ALTER TABLE observations ADD COLUMN latency_ms INTEGER;
                ALTER TABLE observations ADD COLUMN time_to_first_token_ms INTEGER;
                ALTER TABLE observations ADD COLUMN trace_name TEXT;
                ALTER TABLE observations ADD COLUMN user_id TEXT;
                ALTER TABLE observations ADD COLUMN session_id TEXT;
                ALTER TABLE observations ADD COLUMN trace_tags TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE observations ADD COLUMN trace_release TEXT;
                ALTER TABLE observations ADD COLUMN trace_version TEXT;
                ALTER TABLE observations ADD COLUMN trace_bookmarked INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE observations ADD COLUMN trace_public INTEGER NOT NULL DEFAULT 0;
                DROP INDEX observations_by_trace;
                CREATE INDEX observations_by_trace ON observations (project_id, trace_id, start_time);
                CREATE INDEX observations_by_time ON observations (project_id, start_time, id);

                ALTER TABLE traces ADD COLUMN observation_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN debug_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN default_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN warning_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN error_count INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN input_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN output_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN total_tokens REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN input_cost REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN output_cost REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN total_cost REAL NOT NULL DEFAULT 0;
                ALTER TABLE traces ADD COLUMN latency_ms INTEGER;
                CREATE INDEX traces_by_time ON traces (project_id, timestamp, id);
                CREATE INDEX traces_by_user ON traces (project_id, user_id, timestamp, id) WHERE user_id IS NOT NULL;
                CREATE INDEX traces_by_session ON traces (project_id, session_id, timestamp, id) WHERE session_id IS NOT NULL;
                CREATE INDEX traces_by_name ON traces (project_id, name, timestamp, id);
                CREATE INDEX traces_by_environment ON traces (project_id, environment, timestamp, id);
                CREATE INDEX traces_by_cost ON traces (project_id, total_cost);
                CREATE TABLE trace_tags (
                    project_id TEXT NOT NULL,
                    tag TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    PRIMARY KEY (project_id, tag, trace_id)
                ) WITHOUT ROWID;
                -- Top-level metadata values as text, for `metadata.key = value` filters.
                CREATE TABLE trace_metadata (
                    project_id TEXT NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    PRIMARY KEY (project_id, key, value, trace_id)
                ) WITHOUT ROWID;

                CREATE INDEX scores_by_time ON scores (project_id, timestamp, id);
                CREATE INDEX scores_by_session ON scores (project_id, session_id) WHERE session_id IS NOT NULL;
                CREATE INDEX scores_by_observation ON scores (project_id, observation_id) WHERE observation_id IS NOT NULL;

                -- A session is created when its first trace is ingested, as Langfuse's trace_sessions.
                CREATE TABLE sessions (
                    project_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    PRIMARY KEY (project_id, id)
                ) WITHOUT ROWID;
                CREATE INDEX sessions_by_time ON sessions (project_id, created_at, id);

                CREATE TABLE observation_rollups (
                    project_id TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    type TEXT NOT NULL,
                    name TEXT NOT NULL,
                    model TEXT NOT NULL,
                    level TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    input_tokens REAL NOT NULL,
                    output_tokens REAL NOT NULL,
                    total_tokens REAL NOT NULL,
                    input_cost REAL NOT NULL,
                    output_cost REAL NOT NULL,
                    total_cost REAL NOT NULL,
                    total_cost_count INTEGER NOT NULL,
                    latency_sum REAL NOT NULL,
                    latency_count INTEGER NOT NULL,
                    latency_sketch BLOB NOT NULL,
                    time_to_first_token_sum REAL NOT NULL,
                    time_to_first_token_count INTEGER NOT NULL,
                    time_to_first_token_sketch BLOB NOT NULL,
                    PRIMARY KEY (project_id, hour, environment, type, name, model, level)
                ) WITHOUT ROWID;

                -- Content search: one document per trace (its and its observations' input,
                -- output and metadata words), indexed in the background once the trace has
                -- been quiet for a moment; the backlog lists the traces whose document is
                -- missing or stale, which searches read directly.
                CREATE TABLE search_documents (
                    document_id INTEGER PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    UNIQUE (project_id, trace_id)
                );
                -- The words arrive already tokenised and folded by Langfarm (SearchTokeniser):
                -- the ascii tokenizer takes them as they are (any non-ASCII byte is part of a word).
                CREATE VIRTUAL TABLE search_index USING fts5(words, detail = none, tokenize = "ascii");
                CREATE TABLE search_backlog (
                    project_id TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    changed_at INTEGER NOT NULL,
                    PRIMARY KEY (project_id, trace_id)
                ) WITHOUT ROWID;
                CREATE INDEX search_backlog_by_time ON search_backlog (changed_at);

                -- How many traces each project has per environment and name ('' for none): the
                -- totals of unfiltered lists and of lists filtered by environment or name.
                CREATE TABLE trace_counts (
                    project_id TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    name TEXT NOT NULL,
                    traces INTEGER NOT NULL,
                    PRIMARY KEY (project_id, environment, name)
                ) WITHOUT ROWID;

                CREATE TABLE read_model_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    rebuild_needed INTEGER NOT NULL
                );
                INSERT INTO read_model_state (id, rebuild_needed) VALUES (1, (SELECT COUNT(*) > 0 FROM events));
                """)
        }
        migrator.registerMigration("v9-cost-index-covers-time") { db in
            // A total-cost filter with few matches sorts them by time from the index alone
            // (SQLiteTraceFilter.Plan); `id` before `timestamp` keeps the index in the order
            // of a list sorted by cost.
            try db.execute(sql: """
                DROP INDEX traces_by_cost;
                CREATE INDEX traces_by_cost ON traces (project_id, total_cost, id, timestamp);
                """)
        }
        migrator.registerMigration("v10-accounts") { db in
            // The web UI's users, project memberships and signed-in sessions
            // (LangfarmCore/Accounts). Deleting a user or project takes their rows with it.
            try db.execute(sql: """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE project_members (
                    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    PRIMARY KEY (project_id, user_id)
                ) WITHOUT ROWID;
                CREATE INDEX project_members_by_user ON project_members (user_id, project_id);
                CREATE TABLE web_sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX web_sessions_by_user ON web_sessions (user_id);
                CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);
                """)
        }
        migrator.registerMigration("v11-trace-rollups") { db in
            // Hourly trace counts per environment and name (SQLiteTraceRollups): what the
            // dashboard's trace cards and trace-count metrics read instead of a month of trace
            // rows. `named` keeps traces without a name apart from those named ''. Filled from
            // the existing rows; hours are floored, also before 1970.
            try db.execute(sql: """
                CREATE TABLE trace_rollups (
                    project_id TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    name TEXT NOT NULL,
                    named INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (project_id, hour, environment, name, named)
                ) WITHOUT ROWID;
                INSERT INTO trace_rollups (project_id, hour, environment, name, named, count)
                    SELECT project_id, (timestamp - CASE WHEN timestamp < 0 THEN 3599999 ELSE 0 END) / 3600000 AS hour,
                        environment, COALESCE(name, '') AS rollup_name, name IS NOT NULL AS named, COUNT(*)
                    FROM traces GROUP BY project_id, hour, environment, rollup_name, named;
                """)
        }
        migrator.registerMigration("v12-id-search-index") { db in
            // The IDs / names search's trigram index (SQLiteIdSearch): each trace's folded id,
            // name, user and session, kept by the background indexer like the content
            // documents. Filled here from the existing rows with the indexer's own function
            // (registered on every connection of the store), so that searches narrow at once.
            try db.execute(sql: """
                CREATE TABLE id_search_documents (
                    document_id INTEGER PRIMARY KEY,
                    project_id TEXT NOT NULL,
                    trace_id TEXT NOT NULL,
                    UNIQUE (project_id, trace_id)
                );
                CREATE VIRTUAL TABLE id_search_index USING fts5(text, detail = none, tokenize = "trigram case_sensitive 1");
                INSERT INTO id_search_documents (project_id, trace_id) SELECT project_id, id FROM traces;
                INSERT INTO id_search_index (rowid, text)
                    SELECT d.document_id, \(SQLiteIdSearch.documentFunction)(t.id, t.name, t.user_id, t.session_id)
                    FROM id_search_documents d JOIN traces t ON t.project_id = d.project_id AND t.id = d.trace_id;
                """)
        }
        migrator.registerMigration("v13-user-rollups") { db in
            // Observations per trace user (SQLiteUserRollups): counts, tokens and costs per
            // project, environment and user ('' for none), by hour of start time and by UTC
            // day (keyed by the day's first hour). Filled from the existing rows; hours and
            // days are floored, also before 1970.
            let columns = """
                project_id TEXT NOT NULL,
                hour INTEGER NOT NULL,
                environment TEXT NOT NULL,
                user_id TEXT NOT NULL,
                count INTEGER NOT NULL,
                input_tokens REAL NOT NULL,
                output_tokens REAL NOT NULL,
                total_tokens REAL NOT NULL,
                input_cost REAL NOT NULL,
                output_cost REAL NOT NULL,
                total_cost REAL NOT NULL,
                total_cost_count INTEGER NOT NULL,
                PRIMARY KEY (project_id, hour, environment, user_id)
                """
            try db.execute(sql: """
                CREATE TABLE user_hour_rollups (\(columns)) WITHOUT ROWID;
                CREATE TABLE user_day_rollups (\(columns)) WITHOUT ROWID;
                INSERT INTO user_hour_rollups
                    SELECT project_id, (start_time - CASE WHEN start_time < 0 THEN 3599999 ELSE 0 END) / 3600000 AS rollup_hour,
                        environment, COALESCE(user_id, '') AS rollup_user, COUNT(*), TOTAL(input_tokens), TOTAL(output_tokens),
                        TOTAL(total_tokens), TOTAL(input_cost), TOTAL(output_cost), TOTAL(total_cost_value), COUNT(total_cost_value)
                    FROM observations GROUP BY project_id, rollup_hour, environment, rollup_user;
                INSERT INTO user_day_rollups
                    SELECT project_id, (hour - CASE WHEN hour < 0 THEN 23 ELSE 0 END) / 24 * 24 AS day, environment, user_id, SUM(count),
                        TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(total_tokens), TOTAL(input_cost), TOTAL(output_cost),
                        TOTAL(total_cost), SUM(total_cost_count)
                    FROM user_hour_rollups GROUP BY project_id, day, environment, user_id;
                """)
        }
        migrator.registerMigration("v14-observation-day-rollups") { db in
            // The observation rollups by UTC day too (SQLiteRollups), keyed by the day's first
            // hour: a month's window reads ~30 rows per key instead of ~720. Filled from the
            // hourly rows, whose sketches are merged here (SQL cannot merge them).
            try db.execute(sql: """
                CREATE TABLE observation_day_rollups (
                    project_id TEXT NOT NULL,
                    hour INTEGER NOT NULL,
                    environment TEXT NOT NULL,
                    type TEXT NOT NULL,
                    name TEXT NOT NULL,
                    model TEXT NOT NULL,
                    level TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    input_tokens REAL NOT NULL,
                    output_tokens REAL NOT NULL,
                    total_tokens REAL NOT NULL,
                    input_cost REAL NOT NULL,
                    output_cost REAL NOT NULL,
                    total_cost REAL NOT NULL,
                    total_cost_count INTEGER NOT NULL,
                    latency_sum REAL NOT NULL,
                    latency_count INTEGER NOT NULL,
                    latency_sketch BLOB NOT NULL,
                    time_to_first_token_sum REAL NOT NULL,
                    time_to_first_token_count INTEGER NOT NULL,
                    time_to_first_token_sketch BLOB NOT NULL,
                    PRIMARY KEY (project_id, hour, environment, type, name, model, level)
                ) WITHOUT ROWID;
                """)
            try SQLiteRollups.fillDailyFromHourly(in: db)
        }
        migrator.registerMigration("v15-saved-views") { db in
            // The traces table's saved views (SavedViewStore), shared by a project's members.
            try db.execute(sql: """
                CREATE TABLE saved_views (
                    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    query TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (project_id, id),
                    UNIQUE (project_id, name)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v16-relay-lease") { db in
            // Which relay may publish the change feed, until when (ChangeFeed.claimRelayLease).
            try db.execute(sql: """
                ALTER TABLE outbox_state ADD COLUMN relay TEXT;
                ALTER TABLE outbox_state ADD COLUMN relay_lease_expires INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v17-project-retention") { db in
            // A project's own retention in days (0: for ever); NULL follows the server's default.
            try db.execute(sql: "ALTER TABLE projects ADD COLUMN retention_days INTEGER")
        }
        migrator.registerMigration("v18-fold-states") { db in
            // What an entity's logged events fold to so far (`FoldState`), for entities with many
            // events: a later event folds into it without re-reading the whole history.
            try db.execute(sql: """
                CREATE TABLE fold_states (
                    project_id TEXT NOT NULL,
                    entity_kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    event_count INTEGER NOT NULL,
                    last_timestamp INTEGER NOT NULL,
                    last_is_update INTEGER NOT NULL,
                    last_envelope_id TEXT NOT NULL,
                    record TEXT NOT NULL,
                    PRIMARY KEY (project_id, entity_kind, entity_id)
                );
                """)
        }
        migrator.registerMigration("v19-trace-observation-span") { db in
            // The earliest start and latest end of a trace's observations, which let its
            // aggregates grow by deltas (`SQLiteAggregates.add`). NULL until the aggregates are
            // next recomputed in full, which fills them.
            try db.execute(sql: """
                ALTER TABLE traces ADD COLUMN observations_start INTEGER;
                ALTER TABLE traces ADD COLUMN observations_end INTEGER;
                """)
        }
        return migrator
    }
}
