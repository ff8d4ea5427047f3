import Foundation
import LangfarmCore
import LangfarmStore
import Testing

/// Users, memberships and web sessions, on any store.
@Suite struct AccountConformanceTests {
    func user(_ id: String, email: String) -> UserAccount {
        UserAccount(id: id, email: email, name: "Name \(id)", passwordHash: "hash-\(id)", createdAt: 1_000)
    }

    @Test(arguments: StoreKind.allCases)
    func usersAreFoundByIdAndByEmailInAnyCase(kind: StoreKind) async throws {
        let (store, reopen) = try await kind.makeStore()
        try await store.createUser(user("u1", email: " Ada@Example.COM "))
        try await store.createUser(user("u2", email: "bob@example.com"))
        #expect(try await store.user(email: "ADA@example.com")?.id == "u1")
        #expect(try await store.user(id: "u1")?.email == "ada@example.com")
        await #expect(throws: StoreError.self) { try await store.createUser(user("u3", email: "ada@EXAMPLE.com")) }
        #expect(try await reopen().users().map(\.id) == ["u1", "u2"])
        #expect(try await store.user(email: "nobody@example.com") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func membershipsAreScopedAndRolesChange(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        for project in ["p", "q"] { try await store.upsertProject(Project(id: project, name: project)) }
        try await store.createUser(user("u1", email: "a@x.io"))
        try await store.createUser(user("u2", email: "b@x.io"))
        try await store.setMembership(Membership(projectId: "p", userId: "u1", role: .viewer))
        try await store.setMembership(Membership(projectId: "p", userId: "u2", role: .owner))
        try await store.setMembership(Membership(projectId: "q", userId: "u1", role: .member))
        try await store.setMembership(Membership(projectId: "p", userId: "u1", role: .member))
        #expect(try await store.memberships(userId: "u1") == [
            Membership(projectId: "p", userId: "u1", role: .member), Membership(projectId: "q", userId: "u1", role: .member),
        ])
        #expect(try await store.members(projectId: "p").map(\.userId) == ["u2", "u1"], "owners first")
        await #expect(throws: StoreError.self) { try await store.setMembership(Membership(projectId: "nope", userId: "u1", role: .owner)) }
        #expect(try await store.removeMembership(projectId: "q", userId: "u1"))
        #expect(try await !store.removeMembership(projectId: "q", userId: "u1"))
        #expect(try await store.memberships(userId: "u1").map(\.projectId) == ["p"])
        #expect(try await store.projects().map(\.id) == ["p", "q"])
    }

    @Test(arguments: StoreKind.allCases)
    func sessionsExpireAndEndWithAPasswordChangeOrTheUser(kind: StoreKind) async throws {
        let store = try await kind.makeStore().store
        try await store.upsertProject(Project(id: "p", name: "p"))
        try await store.createUser(user("u1", email: "a@x.io"))
        try await store.createUser(user("u2", email: "b@x.io"))
        try await store.setMembership(Membership(projectId: "p", userId: "u2", role: .owner))
        func session(_ token: String, user: String, expires: EpochMillis) -> WebSession {
            WebSession(tokenHash: SessionTokens.hash(token), userId: user, csrfToken: "c-\(token)", createdAt: 1_000, expiresAt: expires)
        }
        try await store.createWebSession(session("a", user: "u1", expires: 5_000))
        try await store.createWebSession(session("b", user: "u1", expires: 9_000))
        try await store.createWebSession(session("c", user: "u2", expires: 9_000))
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("a"), now: 4_999)?.csrfToken == "c-a")
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("a"), now: 5_000) == nil, "expired")
        #expect(try await store.deleteExpiredWebSessions(now: 6_000) == 1)

        #expect(try await store.setPasswordHash(userId: "u1", "new-hash"))
        #expect(try await store.user(id: "u1")?.passwordHash == "new-hash")
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("b"), now: 2_000) == nil, "a password change signs out")
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("c"), now: 2_000) != nil, "other users stay signed in")

        try await store.deleteWebSession(tokenHash: SessionTokens.hash("c"))
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("c"), now: 2_000) == nil)
        try await store.createWebSession(session("d", user: "u2", expires: 9_000))
        #expect(try await store.deleteUser(id: "u2"))
        #expect(try await store.webSession(tokenHash: SessionTokens.hash("d"), now: 2_000) == nil, "sessions go with the user")
        #expect(try await store.members(projectId: "p").isEmpty, "memberships go with the user")
        #expect(try await !store.deleteUser(id: "u2"))
        #expect(try await !store.setPasswordHash(userId: "u2", "x"))
    }

    @Test func sessionTokensAreRandomAndHashedToHex() {
        let tokens = Set((0..<100).map { _ in SessionTokens.random() })
        #expect(tokens.count == 100)
        #expect(tokens.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        #expect(SessionTokens.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
