//! Which generated code this runtime serves: a generated crate asserts, at compile time, that
//! the runtime it is built with is at least the version its generator had, and compatible
//! with it by semver (the same `0.x`, or the same major version from 1.0 on). Cargo checks the
//! version requirement of the generated `Cargo.toml` first; this check also covers a `[patch]`
//! or a copy whose version number says nothing.

const MAJOR: u64 = number(env!("CARGO_PKG_VERSION_MAJOR"));
const MINOR: u64 = number(env!("CARGO_PKG_VERSION_MINOR"));
const PATCH: u64 = number(env!("CARGO_PKG_VERSION_PATCH"));

/// A decimal number, at compile time.
const fn number(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        value = value * 10 + (bytes[i] - b'0') as u64;
        i += 1;
    }
    value
}

/// Whether this runtime serves code generated for runtime `major.minor.patch`.
pub const fn serves(major: u64, minor: u64, patch: u64) -> bool {
    if major != MAJOR {
        return false;
    }
    // (minor, patch) in order as one number: no part reaches a million.
    let (needed, have) = (minor * 1_000_000 + patch, MINOR * 1_000_000 + PATCH);
    needed <= have && (major != 0 || minor == MINOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_are_the_package_version() {
        assert_eq!(format!("{MAJOR}.{MINOR}.{PATCH}"), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn a_runtime_serves_its_own_version_and_earlier_compatible_ones() {
        assert!(serves(MAJOR, MINOR, PATCH));
        assert!(!serves(MAJOR, MINOR, PATCH + 1), "a later patch may use what this one lacks");
        assert!(!serves(MAJOR + 1, 0, 0));
        if MAJOR == 0 {
            assert!(!serves(0, MINOR + 1, 0) && (MINOR == 0 || !serves(0, MINOR - 1, 0)), "0.x versions are incompatible");
        } else {
            assert!(serves(MAJOR, 0, 0) && !serves(MAJOR, MINOR + 1, 0));
        }
    }
}
