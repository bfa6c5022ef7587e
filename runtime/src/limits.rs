//! The constraints of the API description as data (`minimum`, `maxLength`, `minItems`, the
//! same for each item, ...), checked by one function for every kind of value: a generated
//! crate writes one line per constrained value, `Limits::NONE.max_length(32).check(..)`.

use crate::{BuildError, Nullable};

/// What the description allows of a value. Bounds of numbers are inclusive unless set by
/// [`exclusive_minimum`](Self::exclusive_minimum) or
/// [`exclusive_maximum`](Self::exclusive_maximum); lengths count characters.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits<'a> {
    pub minimum: Option<(f64, bool)>,
    pub maximum: Option<(f64, bool)>,
    pub length: (Option<usize>, Option<usize>),
    pub items: (Option<usize>, Option<usize>),
    /// The limits of each item of an array.
    pub each: Option<&'a Limits<'a>>,
}

impl<'a> Limits<'a> {
    /// No limit; each method below adds one.
    pub const NONE: Limits<'static> = Limits { minimum: None, maximum: None, length: (None, None), items: (None, None), each: None };

    /// `minimum` of a number.
    pub const fn minimum(mut self, value: f64) -> Self {
        self.minimum = Some((value, false));
        self
    }

    /// `exclusiveMinimum` of a number.
    pub const fn exclusive_minimum(mut self, value: f64) -> Self {
        self.minimum = Some((value, true));
        self
    }

    /// `maximum` of a number.
    pub const fn maximum(mut self, value: f64) -> Self {
        self.maximum = Some((value, false));
        self
    }

    /// `exclusiveMaximum` of a number.
    pub const fn exclusive_maximum(mut self, value: f64) -> Self {
        self.maximum = Some((value, true));
        self
    }

    /// `minLength` of a string, in characters.
    pub const fn min_length(mut self, n: usize) -> Self {
        self.length.0 = Some(n);
        self
    }

    /// `maxLength` of a string, in characters.
    pub const fn max_length(mut self, n: usize) -> Self {
        self.length.1 = Some(n);
        self
    }

    /// `minItems` of an array.
    pub const fn min_items(mut self, n: usize) -> Self {
        self.items.0 = Some(n);
        self
    }

    /// `maxItems` of an array.
    pub const fn max_items(mut self, n: usize) -> Self {
        self.items.1 = Some(n);
        self
    }

    /// The limits of each item.
    pub const fn each<'b>(self, each: &'b Limits<'b>) -> Limits<'b>
    where
        'a: 'b,
    {
        let mut limits: Limits<'b> = self;
        limits.each = Some(each);
        limits
    }

    /// Checks `value`, naming it `name` in the error.
    pub fn check<T: Checked + ?Sized>(&self, value: &T, name: &str) -> Result<(), BuildError> {
        value.check_limits(self, &|| name.to_string())
    }

    /// Checks the field `field` of the value at `path`; the error names `path.field`.
    pub fn check_field<T: Checked + ?Sized>(&self, value: &T, path: &str, field: &str) -> Result<(), BuildError> {
        value.check_limits(self, &|| format!("{path}.{field}"))
    }

    /// Checks the number of items of an array whose items have no limits of their own (and
    /// need not be [`Checked`]).
    pub fn count<T: Counted + ?Sized>(&self, value: &T, name: &str) -> Result<(), BuildError> {
        value.count_items(self, &|| name.to_string())
    }

    /// [`count`](Self::count) for the field `field` of the value at `path`.
    pub fn count_field<T: Counted + ?Sized>(&self, value: &T, path: &str, field: &str) -> Result<(), BuildError> {
        value.count_items(self, &|| format!("{path}.{field}"))
    }
}

/// An array (or an optional one) whose number of items [`Limits`] can check.
pub trait Counted {
    fn count_items(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError>;
}

impl<T> Counted for Vec<T> {
    fn count_items(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        count(path, "items", self.len(), limits.items)
    }
}

impl<T: Counted> Counted for Option<T> {
    fn count_items(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        self.as_ref().map_or(Ok(()), |v| v.count_items(limits, path))
    }
}

impl<T: Counted> Counted for Nullable<T> {
    fn count_items(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        self.as_option().map_or(Ok(()), |v| v.count_items(limits, path))
    }
}

impl<T: Counted + ?Sized> Counted for Box<T> {
    fn count_items(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        (**self).count_items(limits, path)
    }
}

/// A value [`Limits`] can be checked on. `path` names it, made only for an error.
pub trait Checked {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError>;
}

pub(crate) fn count(path: &dyn Fn() -> String, what: &str, n: usize, (min, max): (Option<usize>, Option<usize>)) -> Result<(), BuildError> {
    if let Some(min) = min.filter(|min| n < *min) {
        return Err(BuildError::invalid(&path(), format!("must have at least {min} {what}, has {n}")));
    }
    if let Some(max) = max.filter(|max| n > *max) {
        return Err(BuildError::invalid(&path(), format!("must have at most {max} {what}, has {n}")));
    }
    Ok(())
}

fn range(path: &dyn Fn() -> String, value: f64, limits: &Limits<'_>) -> Result<(), BuildError> {
    if let Some((min, exclusive)) = limits.minimum {
        if value < min || (exclusive && value == min) {
            let rule = if exclusive { "greater than" } else { "at least" };
            return Err(BuildError::invalid(&path(), format!("must be {rule} {min}, got {value}")));
        }
    }
    if let Some((max, exclusive)) = limits.maximum {
        if value > max || (exclusive && value == max) {
            let rule = if exclusive { "less than" } else { "at most" };
            return Err(BuildError::invalid(&path(), format!("must be {rule} {max}, got {value}")));
        }
    }
    Ok(())
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
                range(path, *self as f64, limits)
            }
        }
    )*};
}
numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl Checked for str {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        count(path, "characters", self.chars().count(), limits.length)
    }
}

impl Checked for String {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        self.as_str().check_limits(limits, path)
    }
}

impl<T: Checked> Checked for Vec<T> {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        count(path, "items", self.len(), limits.items)?;
        if let Some(each) = limits.each {
            for (i, item) in self.iter().enumerate() {
                item.check_limits(each, &|| format!("{}[{i}]", path()))?;
            }
        }
        Ok(())
    }
}

/// Absent: nothing to check.
impl<T: Checked> Checked for Option<T> {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        self.as_ref().map_or(Ok(()), |v| v.check_limits(limits, path))
    }
}

/// Absent or `null`: nothing to check.
impl<T: Checked> Checked for Nullable<T> {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        self.as_option().map_or(Ok(()), |v| v.check_limits(limits, path))
    }
}

impl<T: Checked + ?Sized> Checked for Box<T> {
    fn check_limits(&self, limits: &Limits<'_>, path: &dyn Fn() -> String) -> Result<(), BuildError> {
        (**self).check_limits(limits, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<(), BuildError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn numbers_are_checked_against_their_range() {
        let limits = Limits::NONE.minimum(1.0).maximum(100.0);
        assert!(limits.check(&1i64, "page").is_ok() && limits.check(&100u32, "page").is_ok());
        assert!(reason(limits.check(&0i64, "page")).contains("page"));
        assert!(reason(limits.check(&101.5f64, "page")).contains("at most 100"));
        let exclusive = Limits::NONE.exclusive_minimum(0.0).maximum(1.0);
        assert!(reason(exclusive.check(&0.0f64, "ratio")).contains("greater than 0"));
        assert!(exclusive.check(&1.0f64, "ratio").is_ok());
        assert!(Limits::NONE.minimum(1.0).check(&None::<i64>, "page").is_ok(), "an absent value is not checked");
    }

    #[test]
    fn strings_count_characters_and_fields_are_named_by_their_path() {
        let limits = Limits::NONE.min_length(1).max_length(3);
        assert!(limits.check("éàü", "name").is_ok());
        assert!(reason(limits.check_field(&String::new(), "body", "name")).contains("body.name"));
        assert!(reason(limits.check(&Nullable::Value("abcd".to_string()), "name")).contains("at most 3 characters"));
        assert!(limits.check(&Nullable::<String>::Null, "name").is_ok());
    }

    #[test]
    fn arrays_check_their_count_and_each_item_by_index() {
        let item = Limits::NONE.max_length(2);
        let limits = Limits::NONE.min_items(1).max_items(3).each(&item);
        assert!(reason(limits.check(&Vec::<String>::new(), "tags")).contains("at least 1 items"));
        assert!(reason(limits.check(&vec!["ok".to_string(), "long".to_string()], "tags")).contains("tags[1]"));
        let nullable_items = vec![None, Some("abc".to_string())];
        assert!(reason(limits.check(&nullable_items, "tags")).contains("tags[1]"));
        // Items of any type, counted only.
        struct Item;
        let counted = Limits::NONE.max_items(1);
        assert!(reason(counted.count_field(&Some(vec![Item, Item]), "body", "items")).contains("body.items"));
        assert!(counted.count(&Nullable::<Vec<Item>>::Null, "items").is_ok());
    }
}
