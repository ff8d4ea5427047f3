/// What an entity's logged events fold to so far (`FoldState`), for entities with many events:
/// a later event folds into it without re-reading the whole history (`Projector`).
enum V5FoldStates {
    static let migration = PostgresMigration(version: 5, name: "fold states", statements: [
        """
        CREATE TABLE fold_states (
            project_id text COLLATE "C" NOT NULL,
            entity_kind text COLLATE "C" NOT NULL,
            entity_id text COLLATE "C" NOT NULL,
            event_count bigint NOT NULL,
            last_timestamp bigint NOT NULL,
            last_is_update boolean NOT NULL,
            last_envelope_id text COLLATE "C" NOT NULL,
            record text NOT NULL,
            PRIMARY KEY (project_id, entity_kind, entity_id)
        )
        """,
    ])
}
