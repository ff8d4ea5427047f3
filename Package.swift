// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "langfarm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "langfarm", targets: ["langfarm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Domain model, validation, normalisation, merge rules and partition time. No I/O.
        .target(
            name: "LangfarmCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Receivers: Langfuse ingestion batches and the legacy single-event endpoints -> core events.
        .target(
            name: "LangfarmIngest",
            dependencies: ["LangfarmCore"],
            swiftSettings: swiftSettings
        ),
        // The Store protocol and its embedded SQLite implementation.
        .target(
            name: "LangfarmStore",
            dependencies: [
                "LangfarmCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Hummingbird application: routes, auth, read API.
        .target(
            name: "LangfarmServer",
            dependencies: [
                "LangfarmCore", "LangfarmIngest", "LangfarmStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "langfarm",
            dependencies: [
                "LangfarmCore", "LangfarmStore", "LangfarmServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LangfarmCoreTests", dependencies: ["LangfarmCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LangfarmIngestTests", dependencies: ["LangfarmIngest"], swiftSettings: swiftSettings),
        .testTarget(name: "LangfarmStoreTests", dependencies: ["LangfarmStore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LangfarmServerTests",
            dependencies: [
                "LangfarmServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
