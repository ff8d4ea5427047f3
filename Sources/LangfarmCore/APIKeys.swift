import Crypto
import Foundation

/// Langfuse's API key format and its "fast hash" of secret keys.
public enum APIKeys {
    /// `hex(SHA256(secret ‖ hex(SHA256(salt))))`: Langfuse's `createShaHash`, so keys hashed by
    /// Langfuse with the same `SALT` keep working.
    public static func hashSecret(_ secret: String, salt: String) -> String {
        let saltHex = SHA256.hash(data: Array(salt.utf8)).hexString
        var hasher = SHA256()
        hasher.update(data: Array(secret.utf8))
        hasher.update(data: Array(saltHex.utf8))
        return hasher.finalize().hexString
    }

    /// Compares two hashes without an early exit, so timing does not reveal a matching prefix.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// A new `pk-lf-<uuid>` / `sk-lf-<uuid>` pair.
    public static func generatePair() -> (publicKey: String, secretKey: String) {
        ("pk-lf-\(UUID().uuidString.lowercased())", "sk-lf-\(UUID().uuidString.lowercased())")
    }

    /// `sk-lf-…abcd` as Langfuse shows a secret after creation: first 6 characters and last 4.
    public static func displaySecret(_ secret: String) -> String {
        "\(secret.prefix(6))...\(secret.suffix(4))"
    }
}
