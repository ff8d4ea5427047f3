import Foundation

/// The stored shape of a trace: Langfuse's `traces` table plus the partition time.
public struct TraceRow: Sendable, Equatable {
    public var projectId: String
    public var id: String
    public var timestamp: EpochMillis
    public var name: String?
    public var userId: String?
    public var sessionId: String?
    public var release: String?
    public var version: String?
    public var environment: String
    public var isPublic: Bool
    public var bookmarked: Bool
    public var tags: [String]
    public var metadata: [String: JSONValue]
    public var input: JSONValue?
    public var output: JSONValue?
    public var partition: PartitionTime
    public var updatedAt: EpochMillis

    public init(
        projectId: String, id: String, timestamp: EpochMillis, name: String? = nil, userId: String? = nil,
        sessionId: String? = nil, release: String? = nil, version: String? = nil, environment: String = "default",
        isPublic: Bool = false, bookmarked: Bool = false, tags: [String] = [], metadata: [String: JSONValue] = [:],
        input: JSONValue? = nil, output: JSONValue? = nil, partition: PartitionTime, updatedAt: EpochMillis
    ) {
        self.projectId = projectId
        self.id = id
        self.timestamp = timestamp
        self.name = name
        self.userId = userId
        self.sessionId = sessionId
        self.release = release
        self.version = version
        self.environment = environment
        self.isPublic = isPublic
        self.bookmarked = bookmarked
        self.tags = tags
        self.metadata = metadata
        self.input = input
        self.output = output
        self.partition = partition
        self.updatedAt = updatedAt
    }
}

/// The stored shape of an observation (span, generation, event, agent, tool, …).
public struct ObservationRow: Sendable, Equatable {
    public var projectId: String
    public var id: String
    public var traceId: String
    public var type: String
    public var parentObservationId: String?
    public var environment: String
    public var startTime: EpochMillis
    public var endTime: EpochMillis?
    public var name: String?
    public var metadata: [String: JSONValue]
    public var level: String
    public var statusMessage: String?
    public var version: String?
    public var input: JSONValue?
    public var output: JSONValue?
    public var completionStartTime: EpochMillis?
    public var providedModelName: String?
    public var modelParameters: JSONValue?
    public var providedUsageDetails: [String: Double]
    public var providedCostDetails: [String: Double]
    public var usageDetails: [String: Double]
    public var costDetails: [String: Decimal]
    public var totalCost: Decimal?
    /// The model definition and tier that priced the usage; nil when no definition matched.
    public var pricing: ObservationPricing?
    public var promptName: String?
    public var promptVersion: Int?
    public var partition: PartitionTime
    public var updatedAt: EpochMillis

    public init(
        projectId: String, id: String, traceId: String, type: String, parentObservationId: String? = nil,
        environment: String = "default", startTime: EpochMillis, endTime: EpochMillis? = nil, name: String? = nil,
        metadata: [String: JSONValue] = [:], level: String = "DEFAULT", statusMessage: String? = nil,
        version: String? = nil, input: JSONValue? = nil, output: JSONValue? = nil,
        completionStartTime: EpochMillis? = nil, providedModelName: String? = nil, modelParameters: JSONValue? = nil,
        providedUsageDetails: [String: Double] = [:], providedCostDetails: [String: Double] = [:],
        usageDetails: [String: Double] = [:], costDetails: [String: Decimal] = [:], totalCost: Decimal? = nil,
        pricing: ObservationPricing? = nil, promptName: String? = nil, promptVersion: Int? = nil, partition: PartitionTime, updatedAt: EpochMillis
    ) {
        self.projectId = projectId
        self.id = id
        self.traceId = traceId
        self.type = type
        self.parentObservationId = parentObservationId
        self.environment = environment
        self.startTime = startTime
        self.endTime = endTime
        self.name = name
        self.metadata = metadata
        self.level = level
        self.statusMessage = statusMessage
        self.version = version
        self.input = input
        self.output = output
        self.completionStartTime = completionStartTime
        self.providedModelName = providedModelName
        self.modelParameters = modelParameters
        self.providedUsageDetails = providedUsageDetails
        self.providedCostDetails = providedCostDetails
        self.usageDetails = usageDetails
        self.costDetails = costDetails
        self.totalCost = totalCost
        self.pricing = pricing
        self.promptName = promptName
        self.promptVersion = promptVersion
        self.partition = partition
        self.updatedAt = updatedAt
    }
}

/// Which model definition and pricing tier priced an observation, and the default tier's
/// prices that Langfuse reports as `inputPrice`/`outputPrice`/`totalPrice`.
public struct ObservationPricing: Sendable, Equatable {
    public var modelId: String
    public var tierId: String?
    public var tierName: String?
    public var inputPrice: Decimal?
    public var outputPrice: Decimal?
    public var totalPrice: Decimal?

    public init(
        modelId: String, tierId: String? = nil, tierName: String? = nil,
        inputPrice: Decimal? = nil, outputPrice: Decimal? = nil, totalPrice: Decimal? = nil
    ) {
        self.modelId = modelId
        self.tierId = tierId
        self.tierName = tierName
        self.inputPrice = inputPrice
        self.outputPrice = outputPrice
        self.totalPrice = totalPrice
    }
}

/// The stored shape of a score.
public struct ScoreRow: Sendable, Equatable {
    public var projectId: String
    public var id: String
    public var timestamp: EpochMillis
    public var name: String
    public var value: Double?
    public var stringValue: String?
    public var dataType: String
    public var source: String
    public var comment: String?
    public var traceId: String?
    public var observationId: String?
    public var sessionId: String?
    public var datasetRunId: String?
    public var environment: String
    public var metadata: [String: JSONValue]
    public var configId: String?
    public var queueId: String?
    public var executionTraceId: String?
    public var partition: PartitionTime
    public var updatedAt: EpochMillis

    public init(
        projectId: String, id: String, timestamp: EpochMillis, name: String, value: Double? = nil,
        stringValue: String? = nil, dataType: String = "NUMERIC", source: String = "API", comment: String? = nil,
        traceId: String? = nil, observationId: String? = nil, sessionId: String? = nil, datasetRunId: String? = nil,
        environment: String = "default", metadata: [String: JSONValue] = [:], configId: String? = nil,
        queueId: String? = nil, executionTraceId: String? = nil, partition: PartitionTime, updatedAt: EpochMillis
    ) {
        self.projectId = projectId
        self.id = id
        self.timestamp = timestamp
        self.name = name
        self.value = value
        self.stringValue = stringValue
        self.dataType = dataType
        self.source = source
        self.comment = comment
        self.traceId = traceId
        self.observationId = observationId
        self.sessionId = sessionId
        self.datasetRunId = datasetRunId
        self.environment = environment
        self.metadata = metadata
        self.configId = configId
        self.queueId = queueId
        self.executionTraceId = executionTraceId
        self.partition = partition
        self.updatedAt = updatedAt
    }
}
