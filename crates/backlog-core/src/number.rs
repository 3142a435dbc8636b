//! The one reader of numbers, for story files and command-line flags alike: a number is
//! finite (`1e400`, `inf` and `NaN` are errors, never "unset" or a silent infinity), and an
//! amount (points, value, capacity) is not negative.

/// Why a text is not the number asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("expected a number, found {0:?}")]
    NotANumber(String),
    #[error("{0:?} is not a finite number (too large, infinite or not a number)")]
    NotFinite(String),
    #[error("expected a number of 0 or more, found {0}")]
    Negative(String),
}

/// A finite number: decimal, with an optional fraction and exponent.
pub fn finite(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    let n: f64 = t
        .parse()
        .map_err(|_| NumberError::NotANumber(t.to_string()))?;
    // Rust reads "inf", "NaN" and "infinity" as numbers; so does `1e400`, as infinity.
    if !n.is_finite() {
        return Err(NumberError::NotFinite(t.to_string()));
    }
    Ok(n)
}

/// A finite number of 0 or more.
pub fn amount(text: &str) -> Result<f64, NumberError> {
    let n = finite(text)?;
    if n < 0.0 {
        return Err(NumberError::Negative(text.trim().to_string()));
    }
    Ok(n + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_numbers_and_amounts_not_below_zero() {
        assert_eq!(finite(" 5 "), Ok(5.0));
        assert_eq!(finite("-0.5"), Ok(-0.5));
        assert_eq!(finite("1e3"), Ok(1000.0));
        for bad in ["1e400", "inf", "-inf", "NaN", "infinity"] {
            assert_eq!(
                finite(bad),
                Err(NumberError::NotFinite(bad.into())),
                "{bad}"
            );
        }
        assert!(matches!(finite("five"), Err(NumberError::NotANumber(_))));
        assert_eq!(amount("-5"), Err(NumberError::Negative("-5".into())));
        assert_eq!(amount("-0").map(|n| n.to_string()), Ok("0".into()));
    }
}
