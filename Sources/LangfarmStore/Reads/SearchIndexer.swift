import LangfarmCore

/// The content search index's upkeep, run by a background service.
public protocol SearchIndexer: Sendable {}
