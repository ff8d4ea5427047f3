/// What a member may do in a project: owners and members change things (tags, bookmarks, keys,
/// prices, deletion; owners also manage members), viewers only read.
public enum ProjectRole: String, Sendable, CaseIterable, Comparable {
    case owner = "OWNER"
    case member = "MEMBER"
    case viewer = "VIEWER"

    /// Whether this role may change or delete anything in the project.
    public var canChange: Bool { self != .viewer }
    /// Whether this role may add, remove and re-role members.
    public var canManageMembers: Bool { self == .owner }

    /// Owners first.
    public static func < (lhs: ProjectRole, rhs: ProjectRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A user's role in a project.
public struct Membership: Sendable, Equatable {
    public let projectId: String
    public let userId: String
    public var role: ProjectRole

    public init(projectId: String, userId: String, role: ProjectRole) {
        self.projectId = projectId
        self.userId = userId
        self.role = role
    }
}
