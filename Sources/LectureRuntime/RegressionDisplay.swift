import Foundation
import Stats

/// `show(fit)`: the coefficient table of statsmodels' summary (coef, std err,
/// t, P>|t|, the 95 % interval), the fit's measures in the caption.
extension LinearRegression: Displayable {
    public func display() -> Display {
        let rows = names.indices.map { i -> [Any] in
            [names[i], coefficients[i], standardErrors[i], tValues[i], pValues[i],
             confidenceIntervals[i].lowerBound, confidenceIntervals[i].upperBound]
        }
        let measures = [("R²", rSquared), ("adjusted R²", adjustedRSquared), ("F", fStatistic), ("P(F)", fPValue),
                        ("log-likelihood", logLikelihood), ("AIC", aic), ("BIC", bic)]
            .filter { !$0.1.isNaN }
            .map { "\($0.0) \(InlineFormat.text(for: $0.1))" }
        let caption = "Least squares on \(observations) observations (\(residualDegreesOfFreedom) residual degrees of freedom): "
            + measures.joined(separator: ", ") + "."
        return .table(Table(["", "coef", "std err", "t", "P>|t|", "[0.025", "0.975]"], rows: rows, caption: caption))
    }
}
