import Foundation

/// Tick spacing and tick labels for one axis.
struct Axis: Equatable {
    /// The axis range in drawing coordinates (log10 of the values on a log axis).
    var range: ClosedRange<Double>
    var scale: Scale
    /// Distance between major ticks in drawing coordinates.
    var step: Double
    /// Minor intervals between major ticks.
    var minorCount: Int

    init(range: ClosedRange<Double>, scale: Scale, targetTicks: Int) {
        self.range = range
        self.scale = scale
        switch scale {
        case .log:
            let decades = range.upperBound - range.lowerBound
            step = max(1, (decades / Double(max(2, targetTicks))).rounded(.up))
            minorCount = step == 1 ? 9 : 0
        case .linear:
            step = Axis.niceStep(range: range, maxTicks: targetTicks + 1)
            let mantissa = step / pow(10, floor(log10(step)))
            minorCount = abs(mantissa - 2) < 1e-9 ? 4 : 5
        }
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^k that puts at most `maxTicks` ticks
    /// inside `range` (so a range that starts and ends between round numbers
    /// still gets as many ticks as fit).
    static func niceStep(range: ClosedRange<Double>, maxTicks: Int) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return 1 }
        var magnitude = pow(10, floor(log10(span / Double(max(1, maxTicks)))) - 1)
        while true {
            for m in [1, 2, 2.5, 5] {
                let step = m * magnitude
                let count = (range.upperBound / step + 1e-9).rounded(.down) - (range.lowerBound / step - 1e-9).rounded(.up) + 1
                if count <= Double(max(2, maxTicks)) { return step }
            }
            magnitude *= 10
        }
    }

    /// The major tick values inside the range.
    var ticks: [Double] {
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step + 0 }  // + 0 turns −0 into 0
    }

    /// On a log axis narrower than two decades PLplot would label one or two
    /// decades only: such an axis is labelled at 1, 2 and 5 × 10^k (and 3 below
    /// one decade), in plain numbers. Positions are in drawing coordinates
    /// (log10); empty for other axes.
    var logLabels: [(position: Double, text: String)] {
        let span = range.upperBound - range.lowerBound
        guard scale == .log, span < 2 else { return [] }
        let mantissas: [Double] = span < 1 ? [1, 2, 3, 5] : [1, 2, 5]
        var labels: [(Double, String)] = []
        for k in Int(floor(range.lowerBound))...Int(ceil(range.upperBound)) {
            for m in mantissas {
                let value = m * pow(10, Double(k))
                let position = log10(value)
                guard range.contains(position) else { continue }
                labels.append((position, Axis.format(value, step: pow(10, Double(min(k, 0))))))
            }
        }
        return labels
    }

    /// The label of a tick at `value`: as many decimals as the step needs, a true
    /// minus sign, and powers of ten for very large or small numbers.
    func label(_ value: Double) -> String {
        Axis.format(value, step: step)
    }

    static func format(_ value: Double, step: Double) -> String {
        let v = abs(value) < step * 1e-9 ? 0 : value
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3) {
            let exponent = Int(floor(log10(magnitude)))
            let mantissa = v / pow(10, Double(exponent))
            let digits = max(0, min(3, Int((-log10(step / pow(10, Double(exponent)))).rounded(.up))))
            var m = String(format: "%.\(digits)f", mantissa)
            if m.contains(".") { while m.hasSuffix("0") { m.removeLast() }; if m.hasSuffix(".") { m.removeLast() } }
            let power = "10^{\(exponent)}"
            return (m == "1" ? power : (m == "-1" ? "−" + power : m + "×" + power)).replacingOccurrences(of: "-", with: "−")
        }
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)) + (abs(step / pow(10, floor(log10(step))) - 2.5) < 1e-9 ? 1 : 0))
        let text = String(format: "%.\(min(decimals, 10))f", v)
        return text.replacingOccurrences(of: "-", with: "−")
    }
}
