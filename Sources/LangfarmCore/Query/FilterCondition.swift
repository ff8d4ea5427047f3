/// One condition of Langfuse's filter grammar (`{type, column, operator, value, key?}`), with
/// its column resolved to one the endpoint knows. Conditions of a filter are ANDed.
///
/// A column is an enum case, never text that reaches SQL: each store translates the cases it
/// supports, and a value is always a bound parameter.
public struct FilterCondition<Column: FilterColumn>: Sendable, Equatable {
    public let column: Column
    public let type: FilterType
    public let `operator`: FilterOperator
    public let value: FilterValue
    /// The metadata key or score name of the object types.
    public let key: String?

    public init(column: Column, type: FilterType, operator: FilterOperator, value: FilterValue, key: String? = nil) {
        self.column = column
        self.type = type
        self.operator = `operator`
        self.value = value
        self.key = key
    }
}

extension FilterCondition {
    /// The same condition on another table's column.
    public func retyped<Other>(as column: Other) -> FilterCondition<Other> {
        FilterCondition<Other>(column: column, type: type, operator: self.operator, value: value, key: key)
    }
}

/// A column an endpoint's filter may name.
public protocol FilterColumn: Hashable, Sendable, CaseIterable {
    /// The names a filter may use for it: Langfuse's column id and its table name
    /// (`userId`, `User ID`), matched as Langfuse matches them.
    var names: [String] { get }
    /// The kind of column, which decides the filter types it accepts.
    var kind: ColumnKind { get }
    /// Whether the word search operator `matches` may be used on it (input, output, metadata).
    var acceptsMatches: Bool { get }
}

extension FilterColumn {
    public var acceptsMatches: Bool { false }

    /// The column called `name`, or nil.
    public static func named(_ name: String) -> Self? {
        allCases.first { $0.names.contains(name) }
    }
}

/// What kind of values a column holds; Langfuse accepts a filter type on a column only when
/// it suits the column (`filterTypeCompatibility`), and a `null` filter on any column.
public enum ColumnKind: Sendable, Equatable {
    case string
    case stringOptions
    case arrayOptions
    case categoryOptions
    case datetime
    case number
    case boolean
    case stringObject
    case numberObject
    case booleanObject

    var compatibleTypes: [FilterType] {
        switch self {
        case .string, .stringOptions: [.string, .stringOptions]
        case .arrayOptions: [.arrayOptions, .stringOptions]
        case .categoryOptions: [.categoryOptions, .stringOptions]
        case .datetime: [.datetime]
        case .number: [.number]
        case .boolean: [.boolean]
        case .stringObject: [.stringObject]
        case .numberObject: [.numberObject]
        case .booleanObject: [.booleanObject]
        }
    }
}

/// Langfuse's filter types, each with the operators it allows.
public enum FilterType: String, Sendable, CaseIterable {
    case datetime
    case string
    case stringOptions
    case categoryOptions
    case arrayOptions
    case number
    case stringObject
    case numberObject
    case booleanObject
    case boolean
    case null
    case positionInTrace

    var operators: [FilterOperator] {
        switch self {
        case .datetime: [.greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual]
        case .string, .stringObject: [.equals, .contains, .doesNotContain, .startsWith, .endsWith, .matches]
        case .stringOptions, .categoryOptions: [.anyOf, .noneOf]
        case .arrayOptions: [.anyOf, .noneOf, .allOf]
        case .number, .numberObject: [.equals, .greaterThan, .lessThan, .greaterThanOrEqual, .lessThanOrEqual]
        case .booleanObject, .boolean: [.equals, .notEquals]
        case .null: [.isNull, .isNotNull]
        case .positionInTrace: [.equals]
        }
    }
}

public enum FilterOperator: String, Sendable, CaseIterable {
    case equals = "="
    case notEquals = "<>"
    case greaterThan = ">"
    case lessThan = "<"
    case greaterThanOrEqual = ">="
    case lessThanOrEqual = "<="
    case contains
    case doesNotContain = "does not contain"
    case startsWith = "starts with"
    case endsWith = "ends with"
    /// Langfuse's indexed word search on input, output and metadata (v2 observations).
    case matches
    case anyOf = "any of"
    case noneOf = "none of"
    case allOf = "all of"
    case isNull = "is null"
    case isNotNull = "is not null"
}

/// A condition's value, typed by its filter type.
public enum FilterValue: Sendable, Equatable {
    case none
    case string(String)
    case strings([String])
    case number(Double)
    case time(EpochMillis)
    case bool(Bool)

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var strings: [String] {
        if case .strings(let values) = self { return values }
        return []
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var time: EpochMillis? {
        if case .time(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
