import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// Signs browsers in and out: a random token in an HttpOnly, SameSite=Lax cookie, kept in the
/// store as its hash, so that signing out (or a password change) ends the session on every
/// server and a replayed old cookie is refused.
struct WebSessions: Sendable {
    static let cookieName = "langfarm_session"
    /// As NextAuth's default session in Langfuse.
    static let lifetime: EpochMillis = 30 * 24 * 3600 * 1000

    let store: any Store
    /// Adds `Secure` to cookies: on when the UI is served over HTTPS (`LANGFARM_SECURE_COOKIES`).
    let secureCookies: Bool

    /// Starts a session for `user`; returns the cookie that carries it.
    func start(for user: UserAccount, now: EpochMillis = .now) async throws -> Cookie {
        let token = SessionTokens.random()
        try await store.createWebSession(WebSession(
            tokenHash: SessionTokens.hash(token), userId: user.id, csrfToken: SessionTokens.random(),
            createdAt: now, expiresAt: now + Self.lifetime
        ))
        return Cookie(
            name: Self.cookieName, value: token, maxAge: Int(Self.lifetime / 1000), path: "/", secure: secureCookies,
            httpOnly: true, sameSite: .lax
        )
    }

    /// The signed-in user of a request, or nil (no cookie, an unknown, expired or ended session,
    /// or a deleted user).
    func signedIn(_ request: Request, now: EpochMillis = .now) async throws -> SignedIn? {
        guard let token = request.cookies[Self.cookieName]?.value, token.count == 64 else { return nil }
        guard let session = try await store.webSession(tokenHash: SessionTokens.hash(token), now: now),
              let user = try await store.user(id: session.userId)
        else { return nil }
        return SignedIn(user: user, session: session, memberships: try await store.memberships(userId: user.id))
    }

    /// Ends the request's session; returns the cookie that clears it in the browser.
    func end(_ request: Request) async throws -> Cookie {
        if let token = request.cookies[Self.cookieName]?.value {
            try await store.deleteWebSession(tokenHash: SessionTokens.hash(token))
        }
        return Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}
