//! String enums: what every generated enum of text values shares. A generated enum lists its
//! variants and, through [`string_enum!`](crate::string_enum), the values they stand for; the
//! conversions (text, serde, parameters) are the generic functions here, written once.

use crate::UnrecognizedValue;

/// A generated enum of text values, with a variant that keeps the values the description
/// does not list.
pub trait StringEnum: Sized + Clone + PartialEq + 'static {
    /// Every value the API description lists, in its order.
    const VALUES: &'static [&'static str];
    /// The variant of each value of [`VALUES`](Self::VALUES), in the same order.
    const LISTED: &'static [Self];
    /// Keeps a value the description does not list.
    fn unlisted(value: UnrecognizedValue) -> Self;
    /// The value kept by the unlisted variant, if this is it.
    fn as_unlisted(&self) -> Option<&UnrecognizedValue>;
}

/// The value as it is sent and received.
pub fn as_str<E: StringEnum>(value: &E) -> &str {
    match value.as_unlisted() {
        Some(unlisted) => unlisted.as_str(),
        None => E::LISTED.iter().position(|listed| listed == value).map_or("", |i| E::VALUES[i]),
    }
}

/// The variant of a listed value.
fn listed<E: StringEnum>(text: &str) -> Option<E> {
    E::VALUES.iter().position(|v| *v == text).map(|i| E::LISTED[i].clone())
}

/// The variant of `text`: a listed one, or the unlisted variant keeping it.
pub fn parse<E: StringEnum>(text: &str) -> E {
    listed(text).unwrap_or_else(|| E::unlisted(UnrecognizedValue::from_unlisted(text.to_owned())))
}

/// [`parse`] without copying an unlisted value.
pub fn parse_owned<E: StringEnum>(text: String) -> E {
    listed(&text).unwrap_or_else(|| E::unlisted(UnrecognizedValue::from_unlisted(text)))
}

/// Decodes a text value; an unlisted one is counted for the decoder's report (see
/// [`crate::note_unlisted`]).
pub fn deserialize<'de, E: StringEnum, D: serde::Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
    let value = parse_owned::<E>(<String as serde::Deserialize>::deserialize(deserializer)?);
    if value.as_unlisted().is_some() {
        crate::note_unlisted(E::VALUES.len() == 1);
    }
    Ok(value)
}

/// Stands in for a value the server left out: an empty unlisted value.
pub fn missing<E: StringEnum>() -> E {
    E::unlisted(UnrecognizedValue::from_unlisted(String::new()))
}

/// Implements, for a generated string enum, [`StringEnum`] and through it `as_str`,
/// `Display`, `FromStr`, `From<&str>`, `From<String>`, serde, `Default` (an empty unlisted
/// value, standing in for one the server left out) and [`ToParam`](crate::ToParam).
///
/// `string_enum!(Name, Unlisted)`: the enum and its variant that keeps unlisted values. The
/// enum has the inherent constants `VALUES` (each listed value) and `LISTED` (the variant of
/// each, in the same order).
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unlisted:ident) => {
        impl $crate::enums::StringEnum for $name {
            const VALUES: &'static [&'static str] = $name::VALUES;
            const LISTED: &'static [Self] = $name::LISTED;
            fn unlisted(value: $crate::UnrecognizedValue) -> Self {
                Self::$unlisted(value)
            }
            fn as_unlisted(&self) -> ::std::option::Option<&$crate::UnrecognizedValue> {
                match self {
                    Self::$unlisted(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl $name {
            /// The value as it is sent and received.
            pub fn as_str(&self) -> &str {
                $crate::enums::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::enums::parse(value)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $crate::enums::parse_owned(value)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok($crate::enums::parse(value))
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize(deserializer)
            }
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                $crate::enums::missing()
            }
        }

        impl $crate::ToParam for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::UnrecognizedValue;

    #[derive(Debug, Clone, PartialEq)]
    enum Colour {
        Red,
        DarkBlue,
        Other(UnrecognizedValue),
    }
    impl Colour {
        const VALUES: &'static [&'static str] = &["red", "dark-blue"];
        const LISTED: &'static [Self] = &[Self::Red, Self::DarkBlue];
    }
    crate::string_enum!(Colour, Other);

    #[derive(Debug, Clone, PartialEq)]
    enum Constant {
        Only,
        Unlisted(UnrecognizedValue),
    }
    impl Constant {
        const VALUES: &'static [&'static str] = &["only"];
        const LISTED: &'static [Self] = &[Self::Only];
    }
    crate::string_enum!(Constant, Unlisted);

    #[test]
    fn listed_values_are_their_variants_both_ways() {
        assert_eq!(Colour::from("dark-blue"), Colour::DarkBlue);
        assert_eq!(Colour::from(String::from("red")), Colour::Red);
        assert_eq!("red".parse::<Colour>().unwrap(), Colour::Red);
        assert_eq!(Colour::DarkBlue.as_str(), "dark-blue");
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert_eq!(crate::ToParam::to_param(&Colour::Red), "red");
        assert_eq!(Colour::VALUES, ["red", "dark-blue"]);
        assert_eq!(serde_json::to_string(&Colour::DarkBlue).unwrap(), r#""dark-blue""#);
        assert_eq!(serde_json::from_str::<Colour>(r#""red""#).unwrap(), Colour::Red);
    }

    #[test]
    fn unlisted_values_are_kept_and_sent_back() {
        let value = Colour::from("Red");
        assert!(matches!(&value, Colour::Other(v) if v.as_str() == "Red"));
        assert_eq!(value.as_str(), "Red");
        let decoded: Colour = serde_json::from_str(r#""green""#).unwrap();
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#""green""#);
        assert_eq!(Colour::default().as_str(), "");
        assert!(matches!(Colour::default(), Colour::Other(_)));
    }

    #[test]
    fn an_unlisted_value_is_reported_to_the_decoder() {
        let decoded = crate::from_json::<Vec<Constant>>(br#"["only", "other"]"#).unwrap();
        assert_eq!(decoded.value[0], Constant::Only);
        assert_eq!(decoded.value[1].as_str(), "other");
        assert_eq!(Constant::VALUES, ["only"]);
        assert!(serde_json::from_str::<Constant>("1").is_err());
    }
}
