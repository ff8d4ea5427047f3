import Foundation
import LangfarmCore
import LangfarmStore
import Testing
@testable import LangfarmKafka

/// Checks shared by the relay tests, on records read back from the topics.
enum RelayExpectations {
    /// Every record is exactly the change its `row_version` header names, as the store encoded
    /// it in the commit: topic of its kind, key, value byte for byte, project and entity type.
    /// So a duplicate can only ever repeat a change with the same version and the same value.
    static func eachRecordIsItsCommittedChange(
        _ records: [ConsumedChange], world: RelayWorld, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for record in records {
            guard let version = record.rowVersion, let change = world.committed[version] else {
                Issue.record("a record with no committed row_version: \(record.headers)", sourceLocation: sourceLocation)
                continue
            }
            #expect(record.topic == world.topics.topic(for: change.kind), "v\(version)", sourceLocation: sourceLocation)
            #expect(record.key == change.key, "v\(version)", sourceLocation: sourceLocation)
            #expect(record.value == change.value, "v\(version): the value differs from the committed one", sourceLocation: sourceLocation)
            #expect(record.header("project_id") == change.projectId, sourceLocation: sourceLocation)
            #expect(record.header("entity_type") == change.kind.rawValue, sourceLocation: sourceLocation)
        }
        try eachValueFollowsItsSchema(records, sourceLocation: sourceLocation)
    }

    /// Every record's value is valid against the published JSON Schema of the entity type its
    /// header names.
    static func eachValueFollowsItsSchema(_ records: [ConsumedChange], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let validators = try Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { ($0, try SchemaValidator.contract(for: $0)) })
        for record in records {
            guard let kind = record.header("entity_type").flatMap(EntityKind.init(rawValue:)) else {
                Issue.record("a record with no known entity_type: \(record.headers)", sourceLocation: sourceLocation)
                continue
            }
            let problems = validators[kind]?.errors(in: try JSONValue.parse(Data(record.value.utf8)))
            #expect(problems == [], "v\(record.rowVersion ?? -1) is not valid against the \(kind.rawValue) schema", sourceLocation: sourceLocation)
        }
    }

    /// How many times each row version was read.
    static func copies(_ records: [ConsumedChange]) -> [Int64: Int] {
        records.reduce(into: [:]) { counts, record in counts[record.rowVersion ?? -1, default: 0] += 1 }
    }

    /// Within each partition, in the order a consumer reads it, a trace's records have strictly
    /// increasing row versions, and a trace's records of one topic all share one partition.
    static func versionsIncreasePerKey(_ records: [ConsumedChange], sourceLocation: SourceLocation = #_sourceLocation) {
        var last: [String: (partition: Int32, offset: Int64, version: Int64)] = [:]
        for record in records {
            let id = "\(record.topic) \(record.key ?? "-")"
            let version = record.rowVersion ?? -1
            if let previous = last[id] {
                #expect(previous.partition == record.partition, "\(id) moved partition", sourceLocation: sourceLocation)
                #expect(record.offset > previous.offset, "\(id): offsets go back", sourceLocation: sourceLocation)
                #expect(version > previous.version, "\(id): v\(version) after v\(previous.version)", sourceLocation: sourceLocation)
            }
            last[id] = (record.partition, record.offset, version)
        }
    }

    /// As `versionsIncreasePerKey`, for a topic where a relay that took over sent again what
    /// its predecessor published but never cleared: the first copy of each version comes in
    /// version order, and a copy sent again repeats a version seen before.
    static func firstCopiesIncreasePerKey(_ records: [ConsumedChange], sourceLocation: SourceLocation = #_sourceLocation) {
        var newest: [String: Int64] = [:]
        var seen: Set<Int64> = []
        for record in records {
            let id = "\(record.topic) \(record.key ?? "-")"
            let version = record.rowVersion ?? -1
            guard seen.insert(version).inserted else { continue }
            if let previous = newest[id] {
                #expect(version > previous, "\(id): v\(version) first arrived after v\(previous)", sourceLocation: sourceLocation)
            }
            newest[id] = version
        }
    }
}
