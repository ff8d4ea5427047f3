import LangfarmCore

/// How long a project's traces, observations and scores are kept: for ever, or a number of
/// whole days. Langfuse accepts 3 days or more (its project settings refuse less), and so does
/// Langfarm, so that a mistyped "1" cannot wipe yesterday's data.
public enum Retention: Sendable, Equatable, CustomStringConvertible {
    case forever
    case days(Int)

    public static let minimumDays = 3
    /// About 27 years: a window longer than this is a typo, and `days * 86_400_000` must not overflow.
    public static let maximumDays = 10_000

    /// 0 means for ever, as in Langfuse's `retentionDays`; anything else must lie within
    /// `minimumDays...maximumDays`.
    public init(days: Int) throws(RetentionError) {
        if days == 0 {
            self = .forever
        } else if (Self.minimumDays...Self.maximumDays).contains(days) {
            self = .days(days)
        } else {
            throw RetentionError(days: days)
        }
    }

    /// As Langfuse's `retentionDays` reports it: 0 for ever.
    public var days: Int {
        switch self {
        case .forever: 0
        case .days(let days): days
        }
    }

    /// Rows dated before this are expired at `now`; nil when nothing expires.
    public func cutoff(now: EpochMillis) -> EpochMillis? {
        switch self {
        case .forever: nil
        case .days(let days): now - EpochMillis(days) * 86_400_000
        }
    }

    public var description: String {
        switch self {
        case .forever: "keep for ever"
        case .days(let days): "\(days) days"
        }
    }
}

/// A retention the server cannot use, with what it accepts.
public struct RetentionError: Error, CustomStringConvertible {
    public let days: Int
    public var description: String {
        "retention must be 0 (keep for ever) or \(Retention.minimumDays) to \(Retention.maximumDays) days, not \(days)"
    }
}

/// Which retention applies to a project: its own, or the server's default
/// (`LANGFUSE_RETENTION_DAYS`; unset keeps data for ever).
public struct RetentionPolicy: Sendable, Equatable {
    public let defaultRetention: Retention

    public init(defaultRetention: Retention = .forever) {
        self.defaultRetention = defaultRetention
    }

    public func retention(of project: Project) -> Retention {
        project.retention ?? defaultRetention
    }
}
