//! The server's log on standard error: one line per request (time, method, target, status, bytes,
//! duration) and warnings. Targets are quoted escaped and cut (`Shown`), so a request cannot write
//! control characters or pages of text into the log; headers (where a token travels) never appear.

use crate::error::Shown;
use oxhttp::model::{Method, StatusCode};
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn request(method: &Method, target: &str, status: StatusCode, bytes: usize, took: Duration) {
    line(&format!(
        "{method} \"{}\" {} {bytes}B {:.1}ms",
        Shown(target),
        status.as_u16(),
        took.as_secs_f64() * 1000.0
    ));
}

/// A change the server made (an update), worth a line of its own.
pub fn info(message: &str) {
    line(message);
}

pub fn warn(message: &str) {
    line(&format!("warning: {message}"));
}

fn line(text: &str) {
    // One write per line, so lines of concurrent requests do not interleave; a closed standard
    // error leaves nobody to tell.
    let stamped = format!("{} {text}\n", timestamp(SystemTime::now()));
    let _ = std::io::stderr().lock().write_all(stamped.as_bytes());
}

/// RFC 3339 in UTC with milliseconds: `2026-06-01T08:30:00.123Z`.
fn timestamp(now: SystemTime) -> String {
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_millis(951_782_400_250); // 2000-02-29
        assert_eq!(timestamp(leap), "2000-02-29T00:00:00.250Z");
        let later = UNIX_EPOCH + Duration::from_secs(1_780_302_645); // 2026-06-01
        assert_eq!(timestamp(later), "2026-06-01T08:30:45.000Z");
    }
}
