import LangfarmCore

/// The metrics engine's reads: hourly rollups and grouped scans of rows
/// (docs/READ-SIDE.md, "Metrics").
public protocol MetricsReader: Sendable {}
