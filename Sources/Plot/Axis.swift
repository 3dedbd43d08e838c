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

    /// The labelled ticks: positions in drawing coordinates (log10 on a log
    /// axis) and their text, all in one notation.
    ///
    /// A linear axis is labelled at its major ticks. A log axis of two decades
    /// or more is labelled at its decades (`10^k`); a narrower one at 1, 2 and
    /// 5 × 10^k (and 3 below one decade), and where that leaves fewer than two
    /// labels, at evenly spaced plain values inside the range, so that every
    /// log axis has at least two labelled ticks.
    var labels: [(position: Double, text: String)] {
        switch scale {
        case .linear:
            let values = ticks
            let notation = Axis.Notation(values)
            return values.map { ($0, Axis.format($0, step: step, notation: notation)) }
        case .log:
            let span = range.upperBound - range.lowerBound
            if span >= 2 { return ticks.map { ($0, "10^{\(Int($0.rounded()))}".replacingOccurrences(of: "-", with: "−")) } }
            let mantissas: [Double] = span < 1 ? [1, 2, 3, 5] : [1, 2, 5]
            var values: [Double] = []
            for k in Int(floor(range.lowerBound))...Int(ceil(range.upperBound)) {
                for m in mantissas where range.contains(log10(m * pow(10, Double(k)))) { values.append(m * pow(10, Double(k))) }
            }
            if values.count < 2 {
                // Within a decade: plain values at a linear step.
                let lo = pow(10, range.lowerBound), hi = pow(10, range.upperBound)
                let step = Axis.niceStep(range: lo...hi, maxTicks: 5)
                let first = (lo / step - 1e-9).rounded(.up), last = (hi / step + 1e-9).rounded(.down)
                values = first <= last ? stride(from: first, through: last, by: 1).map { $0 * step } : values
                let notation = Axis.Notation(values)
                return values.map { (log10($0), Axis.format($0, step: step, notation: notation)) }
            }
            let notation = Axis.Notation(values)
            return values.map { v in
                // As many decimals as the value's own decade needs: 0.02, 0.5, 1, 20.
                (log10(v), Axis.format(v, step: pow(10, min(0, floor(log10(v) + 1e-9))), notation: notation))
            }
        }
    }

    /// Fixed-point or powers of ten: chosen once for all the labels of an axis
    /// (or colour bar), so that `0.0015` never stands next to `5×10⁻⁴`.
    enum Notation: Equatable {
        case fixed, scientific

        /// Powers of ten when the largest magnitude is at least 10⁵ or below 10⁻³.
        init(_ values: [Double]) {
            let largest = values.map(abs).max() ?? 0
            self = largest != 0 && (largest >= 1e5 || largest < 1e-3) ? .scientific : .fixed
        }
    }

    /// The label of a tick at `value` in this axis's notation.
    func label(_ value: Double) -> String {
        Axis.format(value, step: step, notation: Notation(ticks))
    }

    /// `value` as a tick label: as many decimals as the step needs and a true
    /// minus sign; in scientific notation `m×10^k` (zero stays `0`).
    static func format(_ value: Double, step: Double, notation: Notation? = nil) -> String {
        let v = abs(value) < step * 1e-9 ? 0 : value
        let magnitude = abs(v)
        let notation = notation ?? Notation([v])
        if notation == .scientific {
            guard magnitude != 0 else { return "0" }
            let exponent = Int(floor(log10(magnitude) + 1e-9))
            let mantissa = v / pow(10, Double(exponent))
            let digits = max(0, min(3, Int((-log10(step / pow(10, Double(exponent))) - 1e-9).rounded(.up))))
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
