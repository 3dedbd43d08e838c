// swift-tools-version:6.0
import PackageDescription

/// Inference's release builds leave out Swift's run-time exclusivity checks
/// (the compile-time ones stay): a gradient evaluation touches the tape's and
/// the model context's stored arrays (class properties) hundreds of times,
/// and checking each access cost lecture 02 about 6 % of its CPU time. Debug
/// builds, which the tests run, keep the checks, so an overlapping access on
/// any path the tests take still traps there. (Stats, Learn and Plot gained
/// nothing measurable without them, so they keep them.)
let uncheckedExclusivity: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// Lectern: a literate notebook runner for lectures. See README.md and DESIGN.md.
let package = Package(
    name: "Lectern",
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
        // The engine that lecture cells link against, built once and optimised.
        .library(name: "LectureRuntime", type: .dynamic, targets: ["LectureRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries from Debian, wrapped as system-library targets.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CPLplot", pkgConfig: "plplot", providers: [.apt(["libplplot-dev"])]),
        // Text metrics for figure layout (FreeType, measuring DejaVu Sans).
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev", "fonts-dejavu-core"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        // SHA-256 for cache keys and checksums (libcrypto: Debian's libssl-dev).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Process start-up for the runner (what Swift's Glibc module lacks).
        .target(name: "CSpawn"),
        // Elementary functions over arrays: glibc's libmvec (part of libc6) on x86-64.
        .target(name: "CVectorMath", linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),

        // What a lecture program and the runner say to each other.
        .target(name: "LecternProtocol"),

        // The engine.
        .target(name: "Stats", dependencies: ["COpenBLAS", "CVectorMath", "LecternProtocol"]),
        .target(name: "Plot", dependencies: ["Stats", "LecternProtocol", "CPLplot", "CFreeType"]),
        .target(name: "Learn", dependencies: ["Stats"]),
        // Samplers run thousands of gradient evaluations even in the tests:
        // optimised in debug builds too.
        .target(name: "Inference", dependencies: ["Stats"],
                swiftSettings: uncheckedExclusivity + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "LectureRuntime", dependencies: ["LecternProtocol", "Stats", "Plot", "Learn", "Inference"]),

        // The runner.
        .target(name: "Lectern", dependencies: [
            "CCmarkGFM", "CCrypto", "CSpawn", "LecternProtocol",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .executableTarget(name: "lectern", dependencies: [
            "Lectern",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (run in release: bench/run).
        .executableTarget(name: "lectern-bench", dependencies: ["Stats", "Plot", "Learn", "Inference"], path: "bench/Sources/lectern-bench"),

        .testTarget(name: "StatsTests", dependencies: ["Stats"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], exclude: ["Fixtures"]),
        .testTarget(name: "LearnTests", dependencies: ["Learn"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference"]),
        .testTarget(name: "LecternProtocolTests", dependencies: ["LecternProtocol"]),
        .testTarget(name: "LectureRuntimeTests", dependencies: ["LectureRuntime"]),
        .testTarget(name: "LecternTests", dependencies: ["Lectern"],
                    resources: [.copy("Fixtures")]),
    ]
)
