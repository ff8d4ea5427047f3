import Foundation
import LangfarmCore
import Testing

/// Comparisons of metrics answers that allow for the order in which floating-point sums were
/// added (the rollups add and subtract as observations change; a scan adds once).
enum MetricsComparison {
    static func close(_ lhs: Double, _ rhs: Double, relative: Double = 1e-9) -> Bool {
        lhs == rhs || abs(lhs - rhs) <= relative * max(abs(lhs), abs(rhs)) + 1e-9
    }

    static func close(_ lhs: MetricsValue, _ rhs: MetricsValue, relative: Double = 1e-9) -> Bool {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)): return close(left, right, relative: relative)
        case (.histogram(let left), .histogram(let right)):
            return left.count == right.count && zip(left, right).allSatisfy {
                close($0.lower, $1.lower, relative: relative) && close($0.upper, $1.upper, relative: relative) && close($0.height, $1.height, relative: relative)
            }
        default: return lhs == rhs
        }
    }

    /// Records an issue for every difference between two results.
    static func expectSame(_ actual: MetricsResult, _ expected: MetricsResult, relative: Double = 1e-9, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.rows.count == expected.rows.count, "\(context): row counts", sourceLocation: sourceLocation)
        for (index, (left, right)) in zip(actual.rows, expected.rows).enumerated() {
            let same = left.columns.map(\.key) == right.columns.map(\.key)
                && zip(left.columns, right.columns).allSatisfy { close($0.value, $1.value, relative: relative) }
            #expect(same, "\(context): row \(index)\n  \(left)\n  \(right)", sourceLocation: sourceLocation)
        }
    }

    /// Partial rows with their distributions as sketches: what rollup rows hold for the same
    /// observations, so that the two paths can be compared exactly.
    static func sketched(_ rows: [MetricsPartialRow]) -> [MetricsPartialRow] {
        rows.map(\.sketched)
    }

    /// Records an issue for every group whose partial aggregates differ.
    static func expectSame(_ actual: [MetricsPartialRow], _ expected: [MetricsPartialRow], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actualGroups = Dictionary(actual.map { ($0.groupKey, $0) }) { first, _ in first }
        let expectedGroups = Dictionary(expected.map { ($0.groupKey, $0) }) { first, _ in first }
        #expect(Set(actualGroups.keys) == Set(expectedGroups.keys), "\(context): groups", sourceLocation: sourceLocation)
        #expect(actual.count == actualGroups.count && expected.count == expectedGroups.count, "\(context): one row per group", sourceLocation: sourceLocation)
        for (key, row) in actualGroups {
            guard let other = expectedGroups[key] else { continue }
            let same = row.rowCount == other.rowCount && zip(row.aggregates, other.aggregates).allSatisfy { left, right in
                left.count == right.count && close(left.sum, right.sum) && left.distribution?.asSketch == right.distribution?.asSketch
            }
            #expect(same, "\(context): \(key)\n  \(row)\n  \(other)", sourceLocation: sourceLocation)
        }
    }

    /// Plans each query over each window, expects `source` to answer its whole hours, and the
    /// store's answer to be what the rows give; over the first window each query finds something.
    static func expectRollupsAnswerAsRows<Field, Measure>(
        _ queries: [(String, MetricsQuery<Field, Measure>)], windows: [TimeWindow], from source: RollupSource,
        plan: (MetricsQuery<Field, Measure>) -> MetricsPlan<Field, Measure>,
        answer: (MetricsQuery<Field, Measure>) async throws -> MetricsResult,
        rows: (MetricsScan<Field, Measure>) async throws -> [MetricsPartialRow],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (name, base) in queries {
            for window in windows {
                var query = base
                query.window = window
                guard case .rollups(let rollupPlan) = plan(query), rollupPlan.rollups == source else {
                    Issue.record("\(name): expected a plan from the \(source) rollups", sourceLocation: sourceLocation)
                    continue
                }
                let fromRows = MetricsAssembler.assemble(query, try await rows(rollupPlan.rowScan))
                let context = "\(name), \(ISO8601.format(window.from))…\(ISO8601.format(window.to))"
                expectSame(try await answer(query), fromRows, context, sourceLocation: sourceLocation)
                if window == windows[0] {
                    #expect(!fromRows.rows.isEmpty, "\(context): the query finds something", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
