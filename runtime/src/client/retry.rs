//! When to try a request again, and how long to wait first.

use std::time::Duration;

/// Retries after the first attempt, by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// When to try a request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: DEFAULT_MAX_RETRIES, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) }
    }
}

impl RetryPolicy {
    /// `min(initial * 2^attempt, max)`, less up to a quarter at random.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let base = self.initial_backoff.saturating_mul(1u32 << attempt.min(16)).min(self.max_backoff);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        base.mul_f64(1.0 - f64::from(nanos % 1000) / 4000.0)
    }
}

/// Statuses worth another attempt: timeouts, conflicts, rate limits and server errors.
pub(crate) fn retryable_status(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// Statuses that say the server did not process the request, so that even a request that
/// is not idempotent may be sent again.
pub(crate) fn not_processed(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503)
}

/// `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date; capped at a minute.
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    // Out-of-range values (`1e20`, `inf`) wait the longest; NaN is ignored.
    let seconds = |s: f64| Duration::try_from_secs_f64(s.max(0.0)).unwrap_or(Duration::MAX);
    let wait = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()).filter(|v| !v.is_nan()) {
        seconds(ms / 1000.0)
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>().ok().filter(|v| !v.is_nan()) {
            Some(s) => seconds(s),
            None => httpdate::parse_http_date(value).ok()?.duration_since(std::time::SystemTime::now()).unwrap_or_default(),
        }
    };
    Some(wait.min(Duration::from_secs(60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_milliseconds_seconds_and_dates() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut h = http::HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, v.parse().unwrap());
            }
            h
        };
        assert_eq!(retry_after(&headers(&[("retry-after-ms", "250")])), Some(Duration::from_millis(250)));
        assert_eq!(retry_after(&headers(&[("retry-after", "2")])), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(&headers(&[("retry-after", "1e20")])), Some(Duration::from_secs(60)));
        assert_eq!(retry_after(&headers(&[("retry-after", "NaN")])), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")])), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(&[])), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let policy = RetryPolicy::default();
        let first = policy.backoff(0);
        assert!(first <= Duration::from_millis(500) && first >= Duration::from_millis(375), "{first:?}");
        assert!(policy.backoff(10) <= Duration::from_secs(8));
        assert!(retryable_status(http::StatusCode::CONFLICT) && !retryable_status(http::StatusCode::NOT_FOUND));
        assert!(not_processed(http::StatusCode::TOO_MANY_REQUESTS) && !not_processed(http::StatusCode::BAD_GATEWAY));
    }
}
