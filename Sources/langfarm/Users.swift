import ArgumentParser
import Foundation
import LangfarmCore
import LangfarmStore
import LangfarmWeb

/// `langfarm users create|list|delete|password|role`: manage the web UI's users and their
/// project roles. Safe to run while a server uses the same data directory.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and delete UI users; set passwords and project roles.",
        subcommands: [Create.self, List.self, Delete.self, Password.self, Role.self]
    )

    /// The password: the first line of standard input when it is not a terminal (for scripts),
    /// else asked for without echo. Never a flag, so it stays out of shell history and `ps`.
    static func readPassword() throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            guard let typed = getpass("Password: ") else { throw ArgumentParser.ValidationError("No password given.") }
            password = String(cString: typed)
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        if let problem = Passwords.problem(with: password) { throw ArgumentParser.ValidationError(problem) }
        return password
    }

    static func user(_ store: any Store, email: String) async throws -> UserAccount {
        guard let user = try await store.user(email: email) else { throw ArgumentParser.ValidationError("No user with the email \(email).") }
        return user
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user (password from standard input or a prompt), optionally as a member of a project."
        )

        @Option(help: "Email (the sign-in name).") var email: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "A project to add the user to (created if needed).") var project: String?
        @Option(help: "Their role in --project: owner, member or viewer.") var role: String = "owner"
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            guard let projectRole = ProjectRole(rawValue: role.uppercased()) else { throw ArgumentParser.ValidationError("--role must be owner, member or viewer.") }
            try await storeOptions.withStore { store, _ in
                let password = try Users.readPassword()
                let user = UserAccount(
                    id: UUID().uuidString.lowercased(), email: email, name: name ?? email, passwordHash: Passwords.hash(password), createdAt: .now
                )
                try await store.createUser(user)
                if let project {
                    if try await store.project(id: project) == nil { try await store.upsertProject(Project(id: project, name: project)) }
                    try await store.setMembership(Membership(projectId: project, userId: user.id, role: projectRole))
                }
                print("Created user \(user.email)\(project.map { " (\(projectRole.rawValue.lowercased()) of \($0))" } ?? "").")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and their project roles.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let users = try await store.users()
                guard !users.isEmpty else {
                    print("No users. Create one with: langfarm users create --email EMAIL --project ID")
                    return
                }
                for user in users {
                    let roles = try await store.memberships(userId: user.id).map { "\($0.projectId):\($0.role.rawValue.lowercased())" }
                    print([user.email, user.name, roles.isEmpty ? "-" : roles.joined(separator: ","), ISO8601.format(user.createdAt)].joined(separator: "\t"))
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user; their sessions end at once.")

        @Argument(help: "The user's email.") var email: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                _ = try await store.deleteUser(id: try await Users.user(store, email: email).id)
                print("Deleted \(UserAccount.normalisedEmail(email)).")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from standard input or a prompt); signs them out everywhere.")

        @Argument(help: "The user's email.") var email: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let user = try await Users.user(store, email: email)
                _ = try await store.setPasswordHash(userId: user.id, Passwords.hash(try Users.readPassword()))
                print("Changed the password of \(user.email); their sessions have ended.")
            }
        }
    }

    struct Role: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set (or with --remove, take away) a user's role in a project.")

        @Argument(help: "The user's email.") var email: String
        @Option(help: "The project id.") var project: String
        @Option(help: "owner, member or viewer.") var role: String = "member"
        @Flag(help: "Remove the user from the project.") var remove = false
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store, _ in
                let user = try await Users.user(store, email: email)
                if remove {
                    guard try await store.removeMembership(projectId: project, userId: user.id) else {
                        throw ArgumentParser.ValidationError("\(user.email) is not a member of \(project).")
                    }
                    print("Removed \(user.email) from \(project).")
                    return
                }
                guard let projectRole = ProjectRole(rawValue: role.uppercased()) else { throw ArgumentParser.ValidationError("--role must be owner, member or viewer.") }
                guard try await store.project(id: project) != nil else { throw ArgumentParser.ValidationError("No project \(project).") }
                try await store.setMembership(Membership(projectId: project, userId: user.id, role: projectRole))
                print("\(user.email) is now \(projectRole.rawValue.lowercased()) of \(project).")
            }
        }
    }
}
