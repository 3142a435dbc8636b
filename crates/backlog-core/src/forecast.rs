//! When will the remaining work be done? A Monte Carlo forecast over the team's own sprint
//! velocities: each trial draws past sprints' completed points at random (with
//! replacement) until the remaining points are covered, and the trials' sprint counts give
//! the 50 % and 85 % completion dates and the chance of meeting a target.
//!
//! The random numbers come from SplitMix64 with a fixed seed, written here rather than
//! taken from a crate, so the same history gives the same forecast on every machine and
//! with every version of every dependency: a forecast in a pull request must not move
//! because a crate changed its generator.

use crate::date;

/// How many trials a forecast runs.
pub const TRIALS: usize = 10_000;
/// The seed: fixed, so a forecast is reproducible.
pub const SEED: u64 = 0x5EED_BAC1_0600_0001;
/// A trial gives up after this many sprints (velocities of nearly nothing).
const MAX_SPRINTS: usize = 1_000;

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast, and good enough to draw sprints.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), without the bias of a plain modulo.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }
}

/// What a forecast needs.
pub struct Inputs<'a> {
    /// Points still to do.
    pub remaining: f64,
    /// Completed points of past sprints.
    pub velocities: &'a [f64],
    /// The day (days since 1970-01-01) the next sprint starts.
    pub next_start: i64,
    /// A sprint's length in days.
    pub sprint_days: i64,
    /// The target date, as a day number.
    pub target: Option<i64>,
}

/// The forecast: completion dates at 50 % and 85 %, and the chance of the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub trials: usize,
    /// Sprints needed in half of the trials, and in 85 % of them.
    pub sprints_50: usize,
    pub sprints_85: usize,
    pub date_50: String,
    pub date_85: String,
    /// The share of trials done by the target (0 to 1), when there is a target.
    pub on_target: Option<f64>,
}

/// Why there is no forecast.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoForecast {
    #[error("no sprint has completed points yet, so there is no velocity to forecast with")]
    NoVelocity,
}

/// Run [`TRIALS`] trials.
pub fn forecast(inputs: &Inputs) -> Result<Forecast, NoForecast> {
    let velocities: Vec<f64> = inputs
        .velocities
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .collect();
    if !velocities.iter().any(|v| *v > 0.0) {
        return Err(NoForecast::NoVelocity);
    }
    let mut rng = SplitMix64(SEED);
    let mut sprints: Vec<usize> = (0..TRIALS)
        .map(|_| {
            let (mut done, mut n) = (0.0, 0);
            while done < inputs.remaining && n < MAX_SPRINTS {
                done += velocities[rng.below(velocities.len())];
                n += 1;
            }
            n
        })
        .collect();
    sprints.sort_unstable();
    // Nearest rank, as for the flow percentiles.
    let at = |p: f64| sprints[((p * TRIALS as f64).ceil() as usize).clamp(1, TRIALS) - 1];
    let end_of = |n: usize| {
        // Done within the current sprint (nothing left) is the day before the next starts.
        let day = inputs.next_start + (n as i64) * inputs.sprint_days - 1;
        let (y, m, d) = date::civil_from_days(day);
        (day, format!("{y:04}-{m:02}-{d:02}"))
    };
    let (s50, s85) = (at(0.5), at(0.85));
    let on_target = inputs.target.map(|target| {
        let met = sprints.iter().filter(|n| end_of(**n).0 <= target).count();
        met as f64 / TRIALS as f64
    });
    Ok(Forecast {
        trials: TRIALS,
        sprints_50: s50,
        sprints_85: s85,
        date_50: end_of(s50).1,
        date_85: end_of(s85).1,
        on_target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        date::day_number(text).unwrap()
    }

    #[test]
    fn a_steady_team_is_forecast_exactly() {
        // 10 points a sprint, 25 to go: 3 sprints in every trial.
        let f = forecast(&Inputs {
            remaining: 25.0,
            velocities: &[10.0, 10.0],
            next_start: day("2027-01-04"),
            sprint_days: 14,
            target: Some(day("2027-02-14")),
        })
        .unwrap();
        assert_eq!((f.sprints_50, f.sprints_85), (3, 3));
        assert_eq!(f.date_50, "2027-02-14");
        assert_eq!(f.on_target, Some(1.0));
    }

    #[test]
    fn an_uneven_team_by_hand() {
        // Velocities 0, 0 and 10, 10 to go: the first 10 ends it, so P(n sprints or fewer)
        // = 1 - (2/3)^n: 0.556 for 2, 0.802 for 4, 0.868 for 5. The median is 2 sprints,
        // the 85th percentile 5; a target at the end of the second sprint is met in 55.6 %.
        let inputs = Inputs {
            remaining: 10.0,
            velocities: &[0.0, 0.0, 10.0],
            next_start: 0,
            sprint_days: 7,
            target: Some(13),
        };
        let f = forecast(&inputs).unwrap();
        assert_eq!((f.sprints_50, f.sprints_85), (2, 5));
        assert_eq!(
            (f.date_50.as_str(), f.date_85.as_str()),
            ("1970-01-14", "1970-02-04")
        );
        let p = f.on_target.unwrap();
        assert!((p - 5.0 / 9.0).abs() < 0.015, "{p}");
        // Reproducible: the same inputs give the same answer.
        assert_eq!(f, forecast(&inputs).unwrap());
    }

    #[test]
    fn no_velocity_no_forecast() {
        let inputs = Inputs {
            remaining: 5.0,
            velocities: &[0.0],
            next_start: 0,
            sprint_days: 14,
            target: None,
        };
        assert_eq!(forecast(&inputs), Err(NoForecast::NoVelocity));
    }
}
