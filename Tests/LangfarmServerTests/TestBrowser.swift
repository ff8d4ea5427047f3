import Foundation
import Hummingbird
import HummingbirdTesting
import LangfarmCore
import LangfarmStore
import LangfarmWeb
import NIOCore

/// A page as a browser got it: status, the headers that matter to the UI, and the HTML.
struct Page: Sendable, CustomStringConvertible {
    let status: Int
    let location: String?
    let setCookies: [String]
    let headers: HTTPFields
    let html: String

    /// The value of the first hidden `_csrf` field.
    var csrf: String? {
        html.firstMatch(of: #/name="_csrf" value="([0-9a-f]*)"/#).map { String($0.1) }
    }

    var description: String { "\(status) \(location ?? "") \(html.prefix(1500))" }
}

/// A cookie-keeping client over the test router: enough of a browser to sign in and post forms.
final class TestBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(_ client: TestClient) {
        self.client = client.client
    }

    func get(_ path: String) async throws -> Page {
        try await send(.get, path, form: nil)
    }

    func post(_ path: String, form: [String: String]) async throws -> Page {
        try await send(.post, path, form: form)
    }

    /// Signs in through the form, as a person would; returns the response to the form's post.
    @discardableResult
    func signIn(email: String, password: String, next: String? = nil) async throws -> Page {
        let form = try await get("/auth/sign-in" + (next.map { "?next=\(URLEncoding.value($0))" } ?? ""))
        return try await post("/auth/sign-in", form: ["email": email, "password": password, "_csrf": form.csrf ?? "", "next": next ?? ""])
    }

    func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, form: [String: String]?) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.key)=\(URLEncoding.value($0.value))" }.joined(separator: "&"))
        }
        let page = try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Page(
                status: Int(response.status.code), location: response.headers[.location],
                setCookies: response.headers[values: .setCookie], headers: response.headers,
                html: String(buffer: response.body)
            )
        }
        for header in page.setCookies {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard let name = pair.first.map(String.init) else { continue }
            let value = pair.count > 1 ? String(pair[1]) : ""
            let expired = header.lowercased().contains("max-age=0")
            cookies[name] = value.isEmpty || expired ? nil : value
        }
        return page
    }
}

enum URLEncoding {
    static func value(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}

extension TestApp {
    /// A UI user (bcrypt at the lowest cost, so tests stay fast) with roles in projects.
    @discardableResult
    func addUser(_ email: String, password: String = "password-1", roles: [String: ProjectRole] = [:]) async throws -> UserAccount {
        let user = UserAccount(
            id: UUID().uuidString, email: email, name: email, passwordHash: Passwords.hash(password, cost: 4), createdAt: 0
        )
        try await store.createUser(user)
        for (project, role) in roles { try await store.setMembership(Membership(projectId: project, userId: user.id, role: role)) }
        return user
    }
}
