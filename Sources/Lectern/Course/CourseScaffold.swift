import Foundation

/// What `lectern init` writes: a course that builds as it is, with one
/// lecture showing a cell, a figure, an inline value and math.
public enum CourseScaffold {
    static let files: [(path: String, text: String)] = [
        ("lectern.yml", """
        title: "My course"
        subtitle: "Lectures with executable Swift cells"
        lectures:
          - lectures/01-first-lecture.md

        """),
        (".gitignore", """
        # Lectern's cache and scratch files, and the rendered site.
        .lectern/
        output/

        """),
        ("lectures/01-first-lecture.md", #"""
        ---
        title: "A first lecture"
        seed: 1
        ---

        Prose is Markdown; math is TeX between dollars, like $\bar{x} = \frac{1}{n}\sum_i x_i$.
        A Swift cell runs when the page is built, and what it prints appears below it.

        ```swift
        let sample = Normal(0, 1).sample(count: 1000)
        let mean = sample.reduce(0, +) / Double(sample.count)
        print("mean of 1000 draws:", String(format: "%.3f", mean))
        ```

        A value can also sit in a sentence: the mean is `{swift} String(format: "%.3f", mean)`.

        ```swift
        //| label: fig-histogram
        //| fig-cap: "1000 draws from $N(0, 1)$ and the density they come from."
        show(Figure {
            Panel(xLabel: "x", yLabel: "density") {
                Hist(sample, bins: 30, density: true)
                Line(over: -4...4) { Normal(0, 1).pdf($0) }
            }
        })
        ```

        @fig-histogram shows the draws against the density

        $$
        p(x) = \frac{1}{\sqrt{2\pi}}\, e^{-x^2/2}.
        $$ {#eq-normal}

        and @eq-normal is what the line draws.

        """#),
    ]

    /// Writes a new course into `folder`; refuses to overwrite anything.
    /// Returns the files written, relative to `folder`.
    public static func write(into folder: URL) throws -> [String] {
        let fm = FileManager.default
        for (path, _) in files where fm.fileExists(atPath: folder.appendingPathComponent(path).path) {
            throw LecternError(file: folder.appendingPathComponent(path).path, "already exists; lectern init only starts new courses (choose an empty folder)")
        }
        if fm.fileExists(atPath: folder.appendingPathComponent("lectures").path) {
            throw LecternError(file: folder.appendingPathComponent("lectures").path, "already exists; lectern init only starts new courses (choose an empty folder)")
        }
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return files.map(\.path)
    }
}
