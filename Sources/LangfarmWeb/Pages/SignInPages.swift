import Hummingbird
import LangfarmCore
import LangfarmStore
import Logging

/// `GET`/`POST /auth/sign-in` and `POST /auth/sign-out`.
///
/// The sign-in form carries a token that must equal the one in a short-lived cookie
/// (double-submit), so another site cannot sign a browser in to an account of its choosing.
struct SignInPages<Context: RequestContext> {
    static var formCookieName: String { "langfarm_sign_in" }

    let store: any Store
    let sessions: WebSessions
    let throttle: SignInThrottle
    let templates: PageTemplates
    let logger: Logger

    struct View {
        let chrome: Chrome? = nil
        let csrf: String
        let next: String
        let email: String
        let error: String?
    }

    struct SignInForm: Decodable {
        let email: String?
        let password: String?
        let next: String?
        let _csrf: String?
    }

    struct SignOutForm: Decodable {
        let _csrf: String?
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/auth/sign-in", use: show)
        router.post("/auth/sign-in", use: signIn)
        router.post("/auth/sign-out", use: signOut)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        if try await sessions.signedIn(request) != nil { return HTMLResponse.redirect(to: "/") }
        return form(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), email: "", error: nil, status: .ok)
    }

    @Sendable func signIn(request: Request, context: Context) async throws -> Response {
        let form = try await FormBody.decode(SignInForm.self, from: request)
        let next = Self.safeNext(form.next)
        let email = UserAccount.normalisedEmail(form.email ?? "")
        guard let expected = request.cookies[Self.formCookieName]?.value, FormBody.csrfMatches(form._csrf, expected) else {
            return self.form(next: next, email: email, error: "The sign-in form expired. Please sign in again.", status: .forbidden)
        }
        let now = EpochMillis.now
        if let wait = await throttle.wait(for: email, now: now) {
            let minutes = max(1, (wait + 59_999) / 60_000)
            return self.form(next: next, email: email, error: "Too many failed attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").", status: .tooManyRequests)
        }
        guard let user = try await store.user(email: email), try await Passwords.verify(form.password ?? "", hash: user.passwordHash) else {
            await throttle.recordFailure(for: email, now: now)
            logger.notice("Failed sign-in", metadata: ["email": "\(email)"])
            return self.form(next: next, email: email, error: "Wrong email or password.", status: .unauthorized)
        }
        await throttle.recordSuccess(for: email)
        let cookie = try await sessions.start(for: user)
        return HTMLResponse.redirect(to: next, cookies: [cookie, formCookie(value: "", maxAge: 0)])
    }

    @Sendable func signOut(request: Request, context: Context) async throws -> Response {
        let form = try await FormBody.decode(SignOutForm.self, from: request)
        guard let signedIn = try await sessions.signedIn(request) else { return HTMLResponse.redirect(to: "/auth/sign-in") }
        guard FormBody.csrfMatches(form._csrf, signedIn.session.csrfToken) else {
            throw HTTPError(.forbidden, message: "The form's security token is missing or wrong; reload the page and try again.")
        }
        return HTMLResponse.redirect(to: "/auth/sign-in", cookies: [try await sessions.end(request)])
    }

    private func form(next: String, email: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = SessionTokens.random()
        let html = templates.render(View(csrf: token, next: next, email: email, error: error), .signIn)
        return HTMLResponse.page(html, status: status, cookies: [formCookie(value: token, maxAge: 3600)])
    }

    private func formCookie(value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.formCookieName, value: value, maxAge: maxAge, path: "/auth", secure: sessions.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Where to go after signing in: a path on this server only (never `//host` or a URL), so
    /// the sign-in page cannot be used to send people elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 2048,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return next
    }
}
