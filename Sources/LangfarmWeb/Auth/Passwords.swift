import HummingbirdBcrypt
import NIOPosix

/// Password hashing for UI users: bcrypt, as Langfuse stores them, so a user table moved from
/// Langfuse keeps its passwords.
public enum Passwords {
    /// Langfuse's cost (about a quarter second per hash on this project's machines).
    public static let cost: UInt8 = 12

    public static func hash(_ password: String, cost: UInt8 = cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Checks a password on NIO's blocking thread pool: a bcrypt verification takes long enough
    /// to stall the request handlers if it ran on their threads.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Why a new password is refused, or nil. bcrypt reads only the first 72 bytes, so longer
    /// ones are refused rather than silently cut.
    public static func problem(with password: String) -> String? {
        if password.count < 8 { return "A password needs at least 8 characters." }
        if password.utf8.count > 72 { return "A password can have at most 72 bytes (bcrypt ignores the rest)." }
        return nil
    }
}
