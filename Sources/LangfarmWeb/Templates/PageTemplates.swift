import Mustache

/// The UI's templates, compiled once when the server starts. They are Swift strings rather than
/// files so that the binary needs nothing beside it.
struct PageTemplates: Sendable {
    enum Name: String {
        case signIn = "sign-in"
        case message
        case traces
        case trace
        case dashboard
        case sessions
        case session
        case users
        case user
        case observations
        case settings
    }

    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("layout", LayoutTemplate.text), (Name.signIn.rawValue, SignInTemplate.text), (Name.message.rawValue, MessageTemplate.text),
            (Name.traces.rawValue, TracesTemplate.text), (Name.trace.rawValue, TraceTemplate.text), ("node", TraceTemplate.node), ("cells", TracesTemplate.cells), ("timeline", TraceTemplate.timeline), ("filters", FilterBuilder.template), ("pager", LayoutTemplate.pager),
            (Name.dashboard.rawValue, DashboardTemplate.text), ("chart", DashboardTemplate.chart),
            (Name.sessions.rawValue, SessionsTemplate.list), (Name.session.rawValue, SessionsTemplate.detail),
            (Name.users.rawValue, UsersTemplate.list), (Name.user.rawValue, UsersTemplate.detail),
            (Name.observations.rawValue, ObservationsTemplate.text), (Name.settings.rawValue, SettingsTemplate.text),
        ]
        for (name, text) in templates {
            // The templates are part of the program: one that does not parse is a bug the tests catch.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    func render(_ view: Any, _ name: Name) -> String {
        library.render(view, withTemplate: name.rawValue) ?? ""
    }
}
