/// What the layout's top bar shows: the signed-in user, their CSRF token for the sign-out form,
/// and the project whose sections it links to.
struct Chrome {
    struct ProjectLink {
        let id: String
        let name: String
    }

    let csrf: String
    let userEmail: String
    let project: ProjectLink?

    init(_ signedIn: SignedIn, project: ProjectLink? = nil) {
        csrf = signedIn.session.csrfToken
        userEmail = signedIn.user.email
        self.project = project
    }
}

/// A page that only says something.
struct MessageView {
    let chrome: Chrome?
    let heading: String
    let message: String
}

/// A labelled value in a page's header (`<dl class="facts">`).
struct Fact {
    let label: String
    let value: String
}
