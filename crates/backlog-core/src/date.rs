//! Calendar dates (`YYYY-MM-DD`) without a date crate: all we need is checking that a
//! date exists, day arithmetic, and reading the date forms git accepts. The clock itself
//! is the storage layer's (`backlog_git::now`), so commits and dates agree.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub fn valid(y: i64, m: i64, d: i64) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

/// Parse `YYYY-MM-DD`, checking the day exists.
pub fn parse(text: &str) -> Option<(i64, i64, i64)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = text[..4].parse().ok()?;
    let m = text[5..7].parse().ok()?;
    let d = text[8..].parse().ok()?;
    valid(y, m, d).then_some((y, m, d))
}

/// The day of the week of day number `days` (as `days_from_civil` counts): 0 is Monday,
/// 6 Sunday. Day 0, 1970-01-01, was a Thursday.
pub fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// `YYYY-MM-DD` as a day number (days since 1970-01-01), if it is a real date.
pub fn day_number(text: &str) -> Option<i64> {
    parse(text).map(|(y, m, d)| days_from_civil(y, m, d))
}

/// The date (`YYYY-MM-DD`) of a moment (unix seconds) in the time zone `offset` minutes
/// from UTC.
pub fn day_of(secs: i64, offset: i32) -> String {
    let (y, m, d) = civil_from_days((secs + i64::from(offset) * 60).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The date forms git accepts that scripts and tests use: `@1700000000 +0100`,
/// `1700000000 +0100`, and ISO 8601 `2026-11-27T10:00:00Z` / `…+01:00` / `2026-11-27 10:00:00 +0100`.
pub fn parse_git_date(value: &str) -> Option<(i64, i32)> {
    let value = value.trim();
    let tz = |s: &str| -> Option<i32> {
        let s = s.trim();
        if s == "Z" || s.is_empty() {
            return Some(0);
        }
        let (sign, rest) = match s.as_bytes().first()? {
            b'+' => (1, &s[1..]),
            b'-' => (-1, &s[1..]),
            _ => return None,
        };
        let digits: String = rest.chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let h: i32 = digits[..2].parse().ok()?;
        let m: i32 = digits[2..].parse().ok()?;
        Some(sign * (h * 60 + m))
    };
    let unix = value.strip_prefix('@').unwrap_or(value);
    let mut parts = unix.split_whitespace();
    if let Some(Ok(secs)) = parts.next().map(str::parse::<i64>) {
        let offset = tz(parts.next().unwrap_or(""))?;
        return parts.next().is_none().then_some((secs, offset));
    }
    // ISO 8601.
    let (date, rest) = value.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', ' '])?;
    let (time, zone) = rest.split_at_checked(8)?;
    let d: Vec<i64> = date
        .split('-')
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    let t: Vec<i64> = time
        .split(':')
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    if d.len() != 3 || t.len() != 3 || !valid(d[0], d[1], d[2]) {
        return None;
    }
    let offset = tz(zone)?;
    let days = days_from_civil(d[0], d[1], d[2]);
    let secs = days * 86400 + t[0] * 3600 + t[1] * 60 + t[2] - i64::from(offset) * 60;
    Some((secs, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(20_784), (2026, 11, 27));
        for z in [-1000, 0, 59, 60, 11_016, 20_000, 100_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(parse("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse("2023-02-29"), None);
        assert_eq!(parse("2026-1-01"), None);
        assert_eq!(parse("tomorrow"), None);
    }

    #[test]
    fn git_dates() {
        assert_eq!(
            parse_git_date("@1700000000 +0100"),
            Some((1_700_000_000, 60))
        );
        assert_eq!(
            parse_git_date("1700000000 -0230"),
            Some((1_700_000_000, -150))
        );
        assert_eq!(
            parse_git_date("2026-11-27T10:00:00Z"),
            Some((1_795_773_600, 0))
        );
        assert_eq!(
            parse_git_date("2026-11-27T11:00:00+01:00"),
            Some((1_795_773_600, 60))
        );
        assert_eq!(
            parse_git_date("2026-11-27 11:00:00 +0100"),
            Some((1_795_773_600, 60))
        );
        assert_eq!(parse_git_date("yesterday"), None);
        assert_eq!(parse_git_date("2026-13-01T00:00:00Z"), None);
    }
}
