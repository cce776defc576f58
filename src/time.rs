//! Time without a clock: RFC 3339 instants, calendar dates and ISO 8601 durations.
//!
//! The core never reads the system clock; every "now" is passed in, so decisions are
//! reproducible. Parsing is written here rather than pulled from a date crate to keep the
//! Wasm build small; only the subset that policies and contexts use is accepted.

use crate::prelude::*;
use core::fmt;

/// Seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// What is wrong with a date, time or duration string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TimeError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, TimeError> {
    Err(TimeError(msg.into()))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days-from-civil).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

fn digits(s: &str, what: &str) -> Result<u32, TimeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return err(format!("expected digits for the {what}, found `{s}`"));
    }
    s.parse()
        .map_err(|_| TimeError(format!("{what} `{s}` is out of range")))
}

fn parse_date_parts(s: &str) -> Result<(i64, u32, u32), TimeError> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return err(format!("`{s}` is not a date of the form YYYY-MM-DD"));
    }
    let y = digits(s.get(0..4).unwrap_or(""), "year")?;
    let m = digits(s.get(5..7).unwrap_or(""), "month")?;
    let d = digits(s.get(8..10).unwrap_or(""), "day")?;
    if !(1..=12).contains(&m) {
        return err(format!("month {m} in `{s}` is not between 1 and 12"));
    }
    let y = i64::from(y);
    if d == 0 || d > days_in_month(y, m) {
        return err(format!("day {d} in `{s}` does not exist in that month"));
    }
    Ok((y, m, d))
}

/// A calendar date, `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Timestamp, TimeError> {
    let (y, m, d) = parse_date_parts(s)?;
    Ok(Timestamp(days_from_civil(y, m, d) * 86_400))
}

impl Timestamp {
    /// Parses an RFC 3339 date-time (`2026-11-29T12:00:00Z`, offsets and fractions allowed;
    /// fractions are truncated to the second).
    pub fn parse(s: &str) -> Result<Self, TimeError> {
        if let Some(t) = Self::parse_plain_utc(s) {
            return Ok(t);
        }
        let (date, rest) = match s.split_once(['T', 't', ' ']) {
            Some(parts) => parts,
            None => {
                return err(format!(
                    "`{s}` is not an RFC 3339 date-time such as 2026-11-29T12:00:00Z"
                ))
            }
        };
        let (y, mo, d) = parse_date_parts(date)?;
        let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
            Some(i) => rest.split_at(i),
            None => return err(format!("`{s}` has no time zone; add `Z` or an offset like +08:00")),
        };
        // Fractions of a second are dropped.
        let time = time.split('.').next().unwrap_or(time);
        let mut hms = time.split(':');
        let h = digits(hms.next().unwrap_or(""), "hour")?;
        let mi = digits(hms.next().unwrap_or(""), "minute")?;
        let se = digits(hms.next().unwrap_or(""), "second")?;
        if hms.next().is_some() || h > 23 || mi > 59 || se > 60 {
            return err(format!("`{s}` has an invalid time of day"));
        }
        let off = match offset {
            "Z" | "z" => 0,
            o => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let body = o.get(1..).unwrap_or("");
                let (oh, om) = match body.split_once(':') {
                    Some(parts) => parts,
                    None => return err(format!("offset `{o}` in `{s}` must look like +08:00")),
                };
                let (oh, om) = (digits(oh, "offset hour")?, digits(om, "offset minute")?);
                if oh > 23 || om > 59 {
                    return err(format!("offset `{o}` in `{s}` is out of range"));
                }
                sign * i64::from(oh * 3600 + om * 60)
            }
        };
        let secs =
            days_from_civil(y, mo, d) * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(se.min(59));
        Ok(Timestamp(secs - off))
    }

    /// The form nearly every time takes, `YYYY-MM-DDTHH:MM:SSZ`, read without searching or
    /// splitting: `None` for anything else (or out of range), which the general reader handles.
    fn parse_plain_utc(s: &str) -> Option<Self> {
        let b: &[u8; 20] = s.as_bytes().try_into().ok()?;
        let shape_ok = b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
        if !shape_ok {
            return None;
        }
        let n = |from: usize, to: usize| {
            b.get(from..to)
                .unwrap_or_default()
                .iter()
                .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
        };
        let (y, mo, d, h, mi, se) = (n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19));
        if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(i64::from(y), mo) || h > 23 || mi > 59 || se > 59 {
            return None;
        }
        let days = days_from_civil(i64::from(y), mo, d);
        Some(Timestamp(days * 86_400 + i64::from(h * 3600 + mi * 60 + se)))
    }

    /// Adds a duration, months and years by the calendar (the day is clamped to the month's end).
    pub fn plus(self, d: &Duration) -> Timestamp {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, day) = civil_from_days(days);
        let total_months = y * 12 + i64::from(m) - 1 + i64::from(d.months);
        let (ny, nm) = (total_months.div_euclid(12), (total_months.rem_euclid(12) + 1) as u32);
        let nd = day.min(days_in_month(ny, nm));
        let base = days_from_civil(ny, nm, nd) * 86_400 + secs;
        // Saturating: a duration read from a client's choice may be absurdly long.
        Timestamp((base + i64::from(d.days) * 86_400).saturating_add(d.seconds))
    }

    /// The date part, `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let (y, m, d) = civil_from_days(self.0.div_euclid(86_400));
        if !(0..=9999).contains(&y) {
            return format!("{y:04}-{m:02}-{d:02}");
        }
        // Written digit by digit: this is on the path of every decision's message.
        let digit = |v: u32, place: u32| char::from(b'0' + ((v / place) % 10) as u8);
        let y = y as u32;
        let mut out = String::with_capacity(10);
        for c in [
            digit(y, 1000),
            digit(y, 100),
            digit(y, 10),
            digit(y, 1),
            '-',
            digit(m, 10),
            digit(m, 1),
            '-',
            digit(d, 10),
            digit(d, 1),
        ] {
            out.push(c);
        }
        out
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0.div_euclid(86_400));
        let s = self.0.rem_euclid(86_400);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            s / 3600,
            (s / 60) % 60,
            s % 60
        )
    }
}

/// An ISO 8601 duration such as `P6M`, `P13M`, `P30D`, `P1Y6M` or `PT12H`. A compiled policy
/// stores it parsed, as its three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, crate::json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// Whole calendar months (years count as 12).
    pub months: u32,
    /// Whole days (weeks count as 7).
    pub days: u32,
    /// Seconds from the time part.
    pub seconds: i64,
}

impl Duration {
    /// Parses `PnYnMnWnDTnHnMnS` (each part optional, at least one present, whole numbers).
    pub fn parse(s: &str) -> Result<Self, TimeError> {
        let body = s
            .strip_prefix('P')
            .ok_or_else(|| TimeError(format!("`{s}` is not an ISO 8601 duration; write e.g. P6M or P30D")))?;
        let mut out = Duration::default();
        let mut in_time = false;
        let mut num = String::new();
        let mut any = false;
        for c in body.chars() {
            match c {
                '0'..='9' => num.push(c),
                'T' if num.is_empty() && !in_time => in_time = true,
                unit => {
                    if num.is_empty() {
                        return err(format!("`{s}`: a number must come before `{unit}`"));
                    }
                    let n = num
                        .parse::<u32>()
                        .map_err(|_| TimeError(format!("`{s}`: {num} is too large")))?;
                    num.clear();
                    any = true;
                    match (in_time, unit) {
                        (false, 'Y') => out.months = out.months.saturating_add(n.saturating_mul(12)),
                        (false, 'M') => out.months = out.months.saturating_add(n),
                        (false, 'W') => out.days = out.days.saturating_add(n.saturating_mul(7)),
                        (false, 'D') => out.days = out.days.saturating_add(n),
                        (true, 'H') => out.seconds = out.seconds.saturating_add(i64::from(n) * 3600),
                        (true, 'M') => out.seconds = out.seconds.saturating_add(i64::from(n) * 60),
                        (true, 'S') => out.seconds = out.seconds.saturating_add(i64::from(n)),
                        _ => return err(format!("`{s}`: unexpected `{unit}` in the duration")),
                    }
                }
            }
        }
        if !num.is_empty() || !any {
            return err(format!("`{s}` is incomplete; write e.g. P6M or P30D"));
        }
        Ok(out)
    }

    /// An approximate length in days (a month as 30 days), for comparing durations.
    pub fn approx_days(&self) -> i64 {
        i64::from(self.months) * 30 + i64::from(self.days) + self.seconds / 86_400
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets() {
        let a = Timestamp::parse("2026-11-29T12:00:00Z").unwrap();
        let b = Timestamp::parse("2026-11-29T20:00:00+08:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "2026-11-29T12:00:00Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00.999Z").unwrap(), Timestamp(0));
    }

    #[test]
    fn rejects_bad_instants() {
        for s in [
            "2026-02-30T00:00:00Z",
            "2026-11-29",
            "2026-11-29T25:00:00Z",
            "2026-11-29T12:00:00",
            "x",
        ] {
            assert!(Timestamp::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn months_are_calendar_months() {
        let t = Timestamp::parse("2026-01-31T10:00:00Z").unwrap();
        let d = Duration::parse("P1M").unwrap();
        assert_eq!(t.plus(&d).to_string(), "2026-02-28T10:00:00Z");
        let y = Duration::parse("P1Y6M").unwrap();
        assert_eq!(y.months, 18);
        assert_eq!(Duration::parse("PT12H").unwrap().seconds, 43_200);
    }

    #[test]
    fn a_duration_past_the_range_of_seconds_saturates_instead_of_overflowing() {
        // 600,000 times the largest hour count: more seconds than an i64 holds.
        let huge = format!("PT{}", "4294967295H".repeat(600_000));
        let d = Duration::parse(&huge).unwrap();
        assert_eq!(d.seconds, i64::MAX);
        let t = Timestamp::parse("2026-11-29T12:00:00Z").unwrap();
        assert_eq!(t.plus(&d), Timestamp(i64::MAX));
        let days = Duration::parse("P4294967295Y4294967295D").unwrap();
        assert!(t.plus(&days) > t);
    }

    #[test]
    fn rejects_bad_durations() {
        for s in ["6M", "P", "PM", "P6", "P6X", "PT"] {
            assert!(Duration::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn the_plain_utc_form_reads_as_the_general_reader_does() {
        // `+00:00` takes the general reader; `Z` the fast one.
        for y in [1970, 1999, 2000, 2024, 2026, 2100, 9999] {
            for (m, d) in [(1, 1), (2, 28), (2, 29), (2, 30), (4, 31), (12, 31), (13, 1), (0, 5)] {
                for (h, mi, se) in [(0, 0, 0), (23, 59, 59), (12, 30, 60), (24, 0, 0)] {
                    let z = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z");
                    let offset = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{se:02}+00:00");
                    assert_eq!(Timestamp::parse(&z).ok(), Timestamp::parse(&offset).ok(), "{z}");
                }
            }
        }
        assert!(Timestamp::parse("2026-11-29T12:00:0xZ").is_err());
        assert!(Timestamp::parse("2026-11-29t12:00:00z").is_ok());
    }

    #[test]
    fn date_strings_are_zero_padded() {
        for z in [-800_000i64, -1, 0, 1, 10_957, 20_000, 2_000_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(Timestamp(z * 86_400).date_string(), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn civil_round_trip() {
        for z in [-800_000, -1, 0, 1, 59, 10_957, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
