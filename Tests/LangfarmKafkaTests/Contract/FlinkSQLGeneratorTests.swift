import LangfarmCore
import Testing
@testable import LangfarmKafka

@Suite struct FlinkSQLGeneratorTests {
    @Test(arguments: EntityKind.allCases)
    func sourceAndTableHaveEveryColumnWithItsType(kind: EntityKind) {
        let sql = LakeContract.flinkSQL(kind: kind)
        for column in LakeContract.columns(of: kind) {
            let type = FlinkSQLGenerator.flinkType(column.type)
            #expect(sql.contains("\n  `\(column.name)` \(type),\n") || sql.contains("\n  `\(column.name)` \(type)\n"), "source: \(column.name)")
            let paimon = "\n  `\(column.name)` \(type)\(column.nullable ? "" : " NOT NULL") COMMENT '"
            #expect(sql.contains(paimon), "table: \(column.name)")
        }
    }

    @Test func tableKeepsTheLatestRowPerPartitionAndId() {
        let sql = LakeContract.flinkSQL(kind: .observation)
        #expect(sql.contains("CREATE TABLE IF NOT EXISTS `langfarm`.`tracing`.`observations` ("))
        #expect(sql.contains("PRIMARY KEY (`dt`, `hh`, `id`) NOT ENFORCED"))
        #expect(sql.contains("PARTITIONED BY (`dt`, `hh`)"))
        #expect(sql.contains("'merge-engine' = 'deduplicate'"))
        #expect(sql.contains("'sequence.field' = 'row_version'"))
        #expect(sql.contains("'rowkind.field' = 'row_kind'"))
        #expect(sql.contains("'json.ignore-parse-errors' = 'false'"))
        #expect(sql.contains("'json.timestamp-format.standard' = 'ISO-8601'"))
        #expect(sql.contains("'scan.startup.mode' = 'earliest-offset'"))
        #expect(sql.hasSuffix("FROM `kafka_observations`;\n"))
    }

    @Test func topicPrefixAndSettingsAreUsed() {
        let sql = LakeContract.flinkSQL(
            kind: .score, topics: LakeTopics(prefix: "prod."),
            settings: FlinkJobSettings(kafkaBrokers: "b1:9092,b2:9092", warehouse: "s3://lake/it's")
        )
        #expect(sql.contains("'topic' = 'prod.scores'"))
        #expect(sql.contains("'properties.group.id' = 'langfarm-lake-prod.scores'"))
        #expect(sql.contains("'properties.bootstrap.servers' = 'b1:9092,b2:9092'"))
        #expect(sql.contains("'warehouse' = 's3://lake/it''s'"))
        #expect(sql.contains("`langfarm`.`tracing`.`scores`"))
    }

    /// `sql-client.sh -f` ends a statement at a `;` that ends a line, so no generated comment or
    /// description may contain one.
    @Test(arguments: EntityKind.allCases)
    func semicolonsOnlyEndStatements(kind: EntityKind) {
        let sql = LakeContract.flinkSQL(kind: kind)
        let statements = sql.split(separator: "\n").filter { $0.contains(";") }
        #expect(statements.allSatisfy { $0.hasSuffix(";") && $0.filter { $0 == ";" }.count == 1 })
        #expect(statements.count == 7)
    }

    /// Every column of the original langfarm's Flink source tables that Langfarm has data for
    /// keeps its name, so the original jobs and queries still read these topics.
    @Test func originalLangfarmColumnsAreKept() {
        let traces = Set(LakeContract.columns(of: .trace).map(\.name))
        let original = ["id", "timestamp", "name", "project_id", "metadata", "user_id", "release", "version", "public",
                        "bookmarked", "input", "output", "session_id", "tags", "created_at", "updated_at"]
        #expect(Set(original).subtracting(traces).isEmpty)
        let observations = Set(LakeContract.columns(of: .observation).map(\.name))
        let originalObservations = [
            "id", "name", "start_time", "end_time", "parent_observation_id", "type", "trace_id", "metadata", "model",
            "modelParameters", "input", "output", "level", "status_message", "completion_start_time", "completion_tokens",
            "prompt_tokens", "total_tokens", "version", "project_id", "created_at", "input_cost", "output_cost", "total_cost",
            "updated_at", "calculated_input_cost", "calculated_output_cost", "calculated_total_cost", "internal_model_id",
        ]
        #expect(Set(originalObservations).subtracting(observations).isEmpty)
    }
}
