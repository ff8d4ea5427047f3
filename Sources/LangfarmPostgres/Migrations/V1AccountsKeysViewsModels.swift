/// The first schema: what a server needs before any event arrives. Projects and their API keys;
/// the web UI's users, memberships and signed-in sessions; saved views of the traces table; and
/// model definitions with their prices.
///
/// Keys and names are `COLLATE "C"`: compared and sorted byte by byte, as the SQLite store does,
/// whatever collation the database was created with (an ICU or glibc locale would put "alpha"
/// before "Beta" and change the order of every listing). Times are epoch milliseconds
/// (`bigint`); prices are `numeric`, exact, never binary floating point.
enum V1AccountsKeysViewsModels {
    static let migration = PostgresMigration(version: 1, name: "accounts, keys, saved views and models", statements: [
        """
        CREATE TABLE projects (
            id text COLLATE "C" PRIMARY KEY,
            name text NOT NULL
        )
        """,
        """
        CREATE TABLE api_keys (
            public_key text COLLATE "C" PRIMARY KEY,
            hashed_secret text COLLATE "C" NOT NULL UNIQUE,
            display_secret text NOT NULL,
            project_id text COLLATE "C" NOT NULL REFERENCES projects (id),
            name text,
            created_at bigint NOT NULL
        )
        """,
        // Deleting a user or a project takes their memberships, sessions and views with them.
        """
        CREATE TABLE users (
            id text COLLATE "C" PRIMARY KEY,
            email text COLLATE "C" NOT NULL UNIQUE,
            name text NOT NULL,
            password_hash text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE project_members (
            project_id text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            role text NOT NULL,
            PRIMARY KEY (project_id, user_id)
        )
        """,
        "CREATE INDEX project_members_by_user ON project_members (user_id, project_id)",
        """
        CREATE TABLE web_sessions (
            token_hash text COLLATE "C" PRIMARY KEY,
            user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            csrf_token text NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL
        )
        """,
        "CREATE INDEX web_sessions_by_user ON web_sessions (user_id)",
        "CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at)",
        """
        CREATE TABLE saved_views (
            project_id text COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            id text COLLATE "C" NOT NULL,
            name text COLLATE "C" NOT NULL,
            query text NOT NULL,
            created_at bigint NOT NULL,
            PRIMARY KEY (project_id, id),
            UNIQUE (project_id, name)
        )
        """,
        // Model definitions: project_id '' marks the built-in ones, which every project sees,
        // so that a name is unique per scope with a plain unique constraint.
        """
        CREATE TABLE models (
            id text COLLATE "C" PRIMARY KEY,
            project_id text COLLATE "C" NOT NULL,
            model_name text COLLATE "C" NOT NULL,
            match_pattern text NOT NULL,
            start_date bigint,
            unit text,
            tokenizer_id text,
            tokenizer_config text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            CONSTRAINT models_name_per_project UNIQUE (project_id, model_name)
        )
        """,
        // A definition's pricing tiers, in the order it lists them.
        """
        CREATE TABLE model_pricing_tiers (
            model_id text COLLATE "C" NOT NULL REFERENCES models (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            id text NOT NULL,
            name text NOT NULL,
            is_default boolean NOT NULL,
            priority integer NOT NULL,
            PRIMARY KEY (model_id, ordinal)
        )
        """,
        // When a tier applies: either the summed usage of the matching usage types compared
        // with a threshold, or a model parameter or metadata value being one of a list.
        """
        CREATE TABLE model_tier_conditions (
            model_id text COLLATE "C" NOT NULL,
            tier_ordinal integer NOT NULL,
            ordinal integer NOT NULL,
            usage_pattern text,
            comparison text,
            threshold numeric,
            case_sensitive boolean,
            attribute_source text,
            attribute_key text,
            attribute_values text[],
            PRIMARY KEY (model_id, tier_ordinal, ordinal),
            FOREIGN KEY (model_id, tier_ordinal) REFERENCES model_pricing_tiers (model_id, ordinal) ON DELETE CASCADE,
            CHECK (
                (usage_pattern IS NOT NULL AND comparison IS NOT NULL AND threshold IS NOT NULL AND case_sensitive IS NOT NULL
                    AND attribute_source IS NULL AND attribute_key IS NULL AND attribute_values IS NULL)
                OR (usage_pattern IS NULL AND comparison IS NULL AND threshold IS NULL AND case_sensitive IS NULL
                    AND attribute_source IS NOT NULL AND attribute_key IS NOT NULL AND attribute_values IS NOT NULL)
            )
        )
        """,
        // USD per unit of each usage type of a tier.
        """
        CREATE TABLE model_prices (
            model_id text COLLATE "C" NOT NULL,
            tier_ordinal integer NOT NULL,
            usage_type text COLLATE "C" NOT NULL,
            price numeric NOT NULL CHECK (price >= 0 AND price <> 'NaN'),
            PRIMARY KEY (model_id, tier_ordinal, usage_type),
            FOREIGN KEY (model_id, tier_ordinal) REFERENCES model_pricing_tiers (model_id, ordinal) ON DELETE CASCADE
        )
        """,
        // Bumped in the transaction of every change to model definitions: a server's cached
        // price book is stale when the counter has moved, whichever server made the change.
        """
        CREATE TABLE revisions (
            name text COLLATE "C" PRIMARY KEY,
            revision bigint NOT NULL
        )
        """,
        "INSERT INTO revisions (name, revision) VALUES ('models', 0)",
    ])
}
