// swift-tools-version: 6.1
import PackageDescription

/// Swift settings every target of ours shares (Hummingbird's three upcoming features).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Kernel targets are compiled from one shared source (symlinked) with different CPU
/// flags; `Matrix` picks one at run time from the CPU's features. The flags apply in
/// release builds only; debug builds compile the same code for the baseline CPU.
func kernelSettings(march: String) -> [SwiftSetting] {
    strictSettings + [
        .unsafeFlags(["-Ounchecked", "-Xcc", "-march=\(march)"], .when(configuration: .release))
    ]
}

let package = Package(
    name: "altoplace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "altoplace", targets: ["altoplace"]),
        .executable(name: "altoplace-bench", targets: ["Bench"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Matrix", targets: ["Matrix"]),
        .library(name: "Solver", targets: ["Solver"]),
        .library(name: "ALTO", targets: ["ALTO"]),
        .library(name: "Service", targets: ["Service"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C shims: a module map and a header each, no Swift API of their own.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "CCPUFeatures", path: "Sources/CCPUFeatures"),
        .target(
            name: "CGLPKGuard", dependencies: ["CGLPK"], path: "Sources/CGLPKGuard",
            linkerSettings: [.linkedLibrary("glpk")]),

        // SIMD kernels: one source, three builds.
        .target(name: "KernelsGeneric", path: "Sources/KernelsGeneric", swiftSettings: kernelSettings(march: "x86-64")),
        .target(name: "KernelsAVX2", path: "Sources/KernelsAVX2", swiftSettings: kernelSettings(march: "x86-64-v3")),
        .target(
            name: "KernelsAVX512", path: "Sources/KernelsAVX512", swiftSettings: kernelSettings(march: "x86-64-v4")),

        // Layers, each depending only on those above it in this list.
        .target(name: "Topology", swiftSettings: strictSettings),
        .target(
            name: "Matrix",
            dependencies: ["Topology", "CBLAS", "CCPUFeatures", "KernelsGeneric", "KernelsAVX2", "KernelsAVX512"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Solver",
            dependencies: [
                "Topology", "Matrix", "CGLPKGuard", .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ALTO",
            dependencies: ["Topology", "Matrix", "CZlib", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .target(name: "Delivery", dependencies: ["ALTO", "Solver"], swiftSettings: strictSettings),
        .target(
            name: "Store",
            dependencies: ["ALTO", "Solver", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Service",
            dependencies: [
                "Topology", "Matrix", "Solver", "ALTO", "Store", "Delivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Topology", "Matrix", "Solver", "ALTO", "Store", "Service", "Delivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Agent",
            dependencies: [
                "ALTO", "Store", "Service", "Delivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "altoplace",
            dependencies: [
                "Topology", "Matrix", "Solver", "ALTO", "Service", "Server", "Agent", "Delivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "Topology", "Matrix", "Solver", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "MatrixTests", dependencies: ["Matrix"], swiftSettings: strictSettings),
        .testTarget(name: "TopologyTests", dependencies: ["Topology"], swiftSettings: strictSettings),
        .testTarget(name: "SolverTests", dependencies: ["Topology", "Solver"], swiftSettings: strictSettings),
        .testTarget(
            name: "DeliveryTests", dependencies: ["ALTO", "Solver", "Delivery"], swiftSettings: strictSettings),
        .testTarget(name: "ALTOTests", dependencies: ["Topology", "Matrix", "ALTO"], swiftSettings: strictSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Topology", "Matrix", "Solver", "ALTO", "Store", "Service", "Server", "Agent", "Delivery",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AgentTests", dependencies: ["ALTO", "Store", "Service", "Agent"], swiftSettings: strictSettings),
        .testTarget(
            name: "CLITests", exclude: ["costmap-help.txt"], swiftSettings: strictSettings),
    ]
)
