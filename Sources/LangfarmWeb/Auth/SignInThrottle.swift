import LangfarmCore

/// Limits failed sign-ins per email: after `limit` failures within `window`, further attempts
/// for that email are refused until the oldest failure leaves the window, whatever the password.
/// Kept in memory per server; a restart forgets it.
public actor SignInThrottle {
    public let limit: Int
    public let window: EpochMillis
    private var failures: [String: [EpochMillis]] = [:]

    public init(limit: Int = 5, window: EpochMillis = 15 * 60 * 1000) {
        self.limit = limit
        self.window = window
    }

    /// How long until `email` may try again, or nil if it may now.
    public func wait(for email: String, now: EpochMillis) -> EpochMillis? {
        let recent = recentFailures(of: email, now: now)
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return oldest + window - now
    }

    public func recordFailure(for email: String, now: EpochMillis) {
        failures[email] = recentFailures(of: email, now: now) + [now]
        if failures.count > 100_000 { failures = failures.filter { !$0.value.allSatisfy { $0 <= now - window } } }
    }

    public func recordSuccess(for email: String) {
        failures[email] = nil
    }

    private func recentFailures(of email: String, now: EpochMillis) -> [EpochMillis] {
        (failures[email] ?? []).filter { $0 > now - window }
    }
}
