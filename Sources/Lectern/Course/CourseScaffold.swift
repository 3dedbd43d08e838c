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
        (".github/workflows/course.yml", #"""
        # Builds this course on every push and pull request, and publishes it to
        # GitHub Pages from main. Written by `lectern init`; see Lectern's README,
        # "Sharing results: shards, a remote cache and _freeze/".
        #
        # The lectures are split between the jobs of the `shards` matrix (balanced
        # by each lecture's last known run time), which share a remote cache
        # (Bazel's HTTP cache layout: bazel-remote, or nginx with WebDAV). The
        # `site` job then renders the whole course from that cache, running
        # nothing, and the `deploy` job publishes it.
        #
        # Repository settings: the secret LECTERN_CACHE_URL (the cache's https://
        # address) and, if the cache needs one, the secret LECTERN_CACHE_TOKEN
        # (a bearer token); the variable LECTERN_GIT (where Lectern's source is
        # cloned from). Without a cache every shard still checks its part, and
        # the site job runs what it does not find.
        name: course

        on:
          push:
            branches: [main]
          pull_request:
          workflow_dispatch:

        permissions:
          contents: read

        concurrency:
          group: course-${{ github.ref }}
          cancel-in-progress: true

        env:
          LECTERN_CACHE_URL: ${{ secrets.LECTERN_CACHE_URL }}
          LECTERN_CACHE_TOKEN: ${{ secrets.LECTERN_CACHE_TOKEN }}
          # Pull requests (forks among them) read the cache but never write to it.
          LECTERN_REMOTE_CACHE: ${{ github.event_name == 'pull_request' && 'read' || 'read-write' }}

        jobs:
          shards:
            runs-on: ubuntu-24.04
            strategy:
              fail-fast: false
              matrix:
                shard: [1, 2, 3]
            steps:
              - uses: actions/checkout@v4
              - uses: swift-actions/setup-swift@v2
                with:
                  swift-version: "6.1"
              - name: Install Lectern
                id: install
                run: |
                  git clone --depth 1 "${{ vars.LECTERN_GIT }}" "$RUNNER_TEMP/lectern"
                  make -C "$RUNNER_TEMP/lectern" install PREFIX="$HOME/.local"
                  echo "$HOME/.local/bin" >> "$GITHUB_PATH"
              - name: Check this shard's lectures and share their results
                id: shard
                env:
                  SHARD: ${{ matrix.shard }}/${{ strategy.job-total }}
                run: lectern check --shard "$SHARD"

          site:
            needs: shards
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@v4
              - uses: swift-actions/setup-swift@v2
                with:
                  swift-version: "6.1"
              - name: Install Lectern
                id: install
                run: |
                  git clone --depth 1 "${{ vars.LECTERN_GIT }}" "$RUNNER_TEMP/lectern"
                  make -C "$RUNNER_TEMP/lectern" install PREFIX="$HOME/.local"
                  echo "$HOME/.local/bin" >> "$GITHUB_PATH"
              - name: Render the whole course from the shared results
                id: assemble
                run: lectern render
              - uses: actions/upload-pages-artifact@v3
                with:
                  path: output

          deploy:
            if: github.event_name == 'push' && github.ref == 'refs/heads/main'
            needs: site
            runs-on: ubuntu-24.04
            permissions:
              pages: write
              id-token: write
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4

        """#),
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

        <!-- Cells are Swift against Lectern's engine (Stats, Plot, Learn, Inference).
             `lectern docs` opens its reference, with "Swift for NumPy users": linspace,
             element-wise arithmetic, CSV tables, regression, matplotlib's names. -->

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
