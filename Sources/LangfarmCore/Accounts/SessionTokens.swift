import Crypto

/// Random tokens for sign-in sessions and CSRF, and the hash under which a session is stored.
public enum SessionTokens {
    /// 256 random bits from the system's generator, as 64 hex digits.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in generator.next() as UInt64 }
            .map { value in
                let hex = String(value, radix: 16)
                return String(repeating: "0", count: 16 - hex.count) + hex
            }
            .joined()
    }

    /// The SHA-256 of a token, in hex: what the store keeps and looks sessions up by.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }
}
