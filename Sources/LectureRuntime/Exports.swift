// What a lecture cell sees: `import LectureRuntime` brings the whole engine,
// and Foundation (so `log`, `exp`, `sqrt`, `String(format:)` need no import).
@_exported import Foundation
@_exported import Stats
@_exported import Plot
@_exported import Learn
@_exported import Inference
