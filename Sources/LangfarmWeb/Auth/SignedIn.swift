import LangfarmCore
import LangfarmStore

/// The user a request comes from, with their session (for its CSRF token) and projects.
struct SignedIn: Sendable {
    let user: UserAccount
    let session: WebSession
    let memberships: [Membership]

    /// The user's role in a project, or nil when they are not a member: the page then answers
    /// 404, as if the project did not exist.
    func role(in projectId: String) -> ProjectRole? {
        memberships.first { $0.projectId == projectId }?.role
    }
}
