//! Summary statistics with the product's conventions: percentiles by linear interpolation
//! between closest ranks (as numpy and polars `linear`), and "no data" as `None`, never 0.

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Percentile `p` (0–1) of values, linear interpolation; `None` for no values.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    Some(percentile_sorted(&sorted, p))
}

/// Percentile of already sorted values.
pub fn percentile_sorted(sorted: &[f64], p: f64) -> f64 {
    let rank = (sorted.len() - 1) as f64 * p;
    let lower = rank.floor() as usize;
    let upper = rank.ceil() as usize;
    sorted[lower] + (rank - lower as f64) * (sorted[upper] - sorted[lower])
}

/// Share of `true` in percent; `None` when there is no value.
pub fn share_percent(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| 100.0 * numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_numpy_linear() {
        let v = [15.0, 20.0, 35.0, 40.0, 50.0];
        // numpy.percentile(v, 90) == 46.0; median 35.0
        assert_eq!(percentile(&v, 0.9), Some(46.0));
        assert_eq!(percentile(&v, 0.5), Some(35.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn empty_is_no_data_not_zero() {
        assert_eq!(mean(&[]), None);
        assert_eq!(share_percent(0, 0), None);
        assert_eq!(share_percent(0, 4), Some(0.0));
    }
}
