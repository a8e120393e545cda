//! Value dates: the day each item's value was set, recorded on a
//! SealedSecret's own metadata, and the clock sealant reads it from.
//!
//! The record is one annotation, [`VALUE_DATES_ANNOTATION`], whose value is a
//! compact JSON object from item name to an ISO 8601 calendar date in UTC,
//! keys sorted: `{"password":"2026-01-04","username":"2026-01-04"}`. sealant's
//! own sealing commands write it (`seal`, `create`: every item gets today;
//! `merge`: only the merged items), `reseal` keeps it (the values did not
//! change), and `kubeseal` (the drop-in) never writes it. The controller
//! ignores annotations on a SealedSecret's own metadata that it does not know.

use std::collections::BTreeMap;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Annotation on a SealedSecret's own metadata holding the date each item's
/// value was set (see the module documentation for the format).
pub const VALUE_DATES_ANNOTATION: &str = "sealant.dev/value-dates";

/// Environment variable that fakes sealant's clock, for tests: an RFC 3339
/// time (`2026-01-04T12:00:00Z`) or a date (`2026-01-04`, midnight UTC).
pub const NOW_ENV: &str = "SEALANT_NOW";

/// Item name to the date its value was set.
pub type ValueDates = BTreeMap<String, Date>;

/// The current time: [`NOW_ENV`] when set, else the system clock.
///
/// # Errors
///
/// [`NOW_ENV`] is set but is not a time this function reads.
pub fn now() -> crate::error::Result<OffsetDateTime> {
    match std::env::var(NOW_ENV) {
        Ok(text) => parse_time(&text).ok_or_else(|| {
            crate::error::Error::usage(
                format!("{NOW_ENV} is not an RFC 3339 time or a YYYY-MM-DD date"),
                Some(format!(
                    "{NOW_ENV} fakes the clock for tests, e.g. {NOW_ENV}=2026-01-04T12:00:00Z; unset it to use the system clock"
                )),
            )
        }),
        Err(_) => Ok(OffsetDateTime::now_utc()),
    }
}

/// Today's date in UTC, by [`now`].
///
/// # Errors
///
/// As [`now`].
pub fn today() -> crate::error::Result<Date> {
    Ok(now()?.to_offset(UtcOffset::UTC).date())
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(num(8..10)?).ok()?).ok()
}

/// Reads an RFC 3339 time (`T` or space between date and time, fractional
/// seconds, `Z` or `±HH:MM`) or a bare date (midnight UTC).
pub fn parse_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if text.len() == 10 {
        return Some(parse_date(text)?.midnight().assume_utc());
    }
    let date = parse_date(text.get(..10)?)?;
    let rest = text.get(10..)?;
    let rest = rest
        .strip_prefix(['T', 't', ' '])
        .filter(|r| r.len() >= 9)?;
    let (clock, zone) = rest.split_at(8);
    let c = clock.as_bytes();
    if c[2] != b':' || c[5] != b':' {
        return None;
    }
    let part = |r: std::ops::Range<usize>| -> Option<u8> {
        let s = &clock[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let time = Time::from_hms(part(0..2)?, part(3..5)?, part(6..8)?).ok()?;
    let zone = match zone.strip_prefix('.') {
        Some(frac) => {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &frac[digits..]
        }
        None => zone,
    };
    let offset = if zone == "Z" || zone == "z" {
        UtcOffset::UTC
    } else {
        let sign: i8 = match zone.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let z = zone.get(1..)?;
        if z.len() != 5 || z.as_bytes()[2] != b':' {
            return None;
        }
        let h: i8 = z[..2].parse().ok()?;
        let m: i8 = z[3..].parse().ok()?;
        UtcOffset::from_hms(sign * h, sign * m, 0).ok()?
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Why a value-dates record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError(pub String);

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads a [`VALUE_DATES_ANNOTATION`] value.
///
/// # Errors
///
/// Not a JSON object of strings, or a value that is not a `YYYY-MM-DD` date.
pub fn parse(text: &str) -> Result<ValueDates, RecordError> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|_| RecordError("is not a JSON object of item names to dates".into()))?;
    let mut out = ValueDates::new();
    for (item, value) in map {
        let date = value.as_str().and_then(parse_date).ok_or_else(|| {
            RecordError(format!(
                "gives item '{}' a date that is not YYYY-MM-DD",
                crate::report::terminal::escape(&item)
            ))
        })?;
        out.insert(item, date);
    }
    Ok(out)
}

/// Writes a [`VALUE_DATES_ANNOTATION`] value: compact JSON, keys sorted.
pub fn render(dates: &ValueDates) -> String {
    let map: serde_json::Map<String, serde_json::Value> = dates
        .iter()
        .map(|(k, d)| (k.clone(), serde_json::Value::String(format_date(*d))))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The record after the values of `changed` were set on `today`: the other
/// items keep the dates of `existing` (an unreadable or absent record counts
/// as empty), and items no longer in `items` (when given) are dropped.
///
/// This is the one place the rule lives; `merge` and `edit` call it.
pub fn after_change<'a>(
    existing: Option<&str>,
    changed: impl IntoIterator<Item = &'a str>,
    items: Option<&[&str]>,
    today: Date,
) -> String {
    let mut dates = existing.and_then(|t| parse(t).ok()).unwrap_or_default();
    for item in changed {
        dates.insert(item.to_string(), today);
    }
    if let Some(items) = items {
        dates.retain(|k, _| items.contains(&k.as_str()));
    }
    render(&dates)
}

/// Parses an age such as `90d`, `12w`, `36h` (days, weeks, hours).
pub fn parse_age(text: &str) -> Option<time::Duration> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    match unit {
        'd' => Some(time::Duration::days(n)),
        'w' => Some(time::Duration::weeks(n)),
        'h' => Some(time::Duration::hours(n)),
        _ => None,
    }
    .filter(|d| d.is_positive() && d.whole_days() <= 36_500)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn dates_round_trip_sorted_and_compact() {
        let mut dates = ValueDates::new();
        dates.insert("username".into(), d("2026-01-04"));
        dates.insert("password".into(), d("2025-12-31"));
        let text = render(&dates);
        assert_eq!(text, r#"{"password":"2025-12-31","username":"2026-01-04"}"#);
        assert_eq!(parse(&text).unwrap(), dates);
    }

    #[test]
    fn bad_records_are_refused() {
        assert!(parse("[]").is_err());
        assert!(parse(r#"{"a":"2026-13-01"}"#).is_err());
        assert!(parse(r#"{"a":20260101}"#).is_err());
        assert!(parse_date("2026-1-01").is_none());
        assert!(parse_date("2026-02-30").is_none());
    }

    #[test]
    fn after_change_keeps_the_others() {
        let old = r#"{"a":"2025-01-01","b":"2025-01-01","gone":"2024-01-01"}"#;
        let out = after_change(
            Some(old),
            ["b", "c"],
            Some(&["a", "b", "c"]),
            d("2026-02-02"),
        );
        assert_eq!(
            out,
            r#"{"a":"2025-01-01","b":"2026-02-02","c":"2026-02-02"}"#
        );
        assert_eq!(
            after_change(Some("junk"), ["x"], None, d("2026-02-02")),
            r#"{"x":"2026-02-02"}"#
        );
    }

    #[test]
    fn times_parse() {
        let t = parse_time("2026-01-04T23:30:00+02:00").unwrap();
        assert_eq!(t.to_offset(UtcOffset::UTC).date(), d("2026-01-04"));
        assert_eq!(
            parse_time("2026-01-04T01:00:00.5Z").unwrap().date(),
            d("2026-01-04")
        );
        assert_eq!(parse_time("2026-01-04").unwrap().date(), d("2026-01-04"));
        assert!(parse_time("2026-01-04T01:00").is_none());
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn ages_parse() {
        assert_eq!(parse_age("90d"), Some(time::Duration::days(90)));
        assert_eq!(parse_age("2w"), Some(time::Duration::days(14)));
        assert_eq!(parse_age("0d"), None);
        assert_eq!(parse_age("d"), None);
        assert_eq!(parse_age("90"), None);
        assert_eq!(parse_age("-1d"), None);
    }
}
