// What a lecture cell sees: `import LectureRuntime` brings the whole engine.
@_exported import Stats
@_exported import Plot
@_exported import Learn
