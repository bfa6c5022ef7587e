//! A uniform, read-only view of an `openapiv3::Schema`, whatever `SchemaKind` openapiv3 chose
//! for it, so that `resolve` can ask one question ("does it have properties?") one way.

use crate::ir::Constraints;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema or a `$ref` to one, as it appears in the document.
#[derive(Debug, Clone, Copy)]
pub enum SRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SRef<'a> {
    pub fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Inline(s),
        }
    }

    pub fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Inline(s),
        }
    }
}

/// `additionalProperties`: absent, `true`/`false`, or a schema.
#[derive(Debug, Clone, Copy)]
pub enum Additional<'a> {
    Any(bool),
    Schema(SRef<'a>),
}

/// Every keyword the generator reads, in one flat struct.
#[derive(Debug, Clone)]
pub struct Flat<'a> {
    pub data: &'a SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enum_values: Vec<Value>,
    pub properties: Vec<(&'a str, SRef<'a>)>,
    pub required: &'a [String],
    pub additional: Option<Additional<'a>>,
    pub items: Option<SRef<'a>>,
    /// The members of `allOf` that say something of the value's shape; members that only
    /// annotate (`{description: ...}`, `{nullable: true}`) are in `notes`.
    pub all_of: Vec<SRef<'a>>,
    /// The index in the document's `allOf` list of each of `all_of`.
    all_of_at: Vec<usize>,
    /// The annotations of the `allOf` members that only annotate.
    pub notes: Vec<&'a SchemaData>,
    pub one_of: Vec<SRef<'a>>,
    pub any_of: Vec<SRef<'a>>,
    pub has_not: bool,
    pub constraints: Constraints,
    pub pattern: Option<&'a str>,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
}

fn refs(list: &[ReferenceOr<Schema>]) -> Vec<SRef<'_>> {
    list.iter().map(SRef::of).collect()
}

fn props(map: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> Vec<(&str, SRef<'_>)> {
    map.iter().map(|(k, v)| (k.as_str(), SRef::of_boxed(v))).collect()
}

fn additional(a: &Option<AdditionalProperties>) -> Option<Additional<'_>> {
    a.as_ref().map(|a| match a {
        AdditionalProperties::Any(b) => Additional::Any(*b),
        AdditionalProperties::Schema(s) => Additional::Schema(SRef::of(s)),
    })
}

fn format_name<T>(f: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => Some(name(i).to_string()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn opt_values<T: Into<Value> + Clone>(values: &[Option<T>]) -> Vec<Value> {
    values.iter().map(|v| v.clone().map(Into::into).unwrap_or(Value::Null)).collect()
}

impl<'a> Flat<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let mut flat = Flat {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enum_values: Vec::new(),
            properties: Vec::new(),
            required: &[],
            additional: None,
            items: None,
            all_of: Vec::new(),
            all_of_at: Vec::new(),
            notes: Vec::new(),
            one_of: Vec::new(),
            any_of: Vec::new(),
            has_not: false,
            constraints: Constraints::default(),
            pattern: None,
            min_properties: None,
            max_properties: None,
        };
        let c = &mut flat.constraints;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                flat.typ = Some("string");
                flat.format = format_name(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                flat.enum_values = opt_values(&s.enumeration);
                flat.pattern = s.pattern.as_deref();
                c.min_length = s.min_length;
                c.max_length = s.max_length;
            }
            SchemaKind::Type(Type::Number(n)) => {
                flat.typ = Some("number");
                flat.format = format_name(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                flat.enum_values = opt_values(&n.enumeration);
                c.minimum = n.minimum;
                c.maximum = n.maximum;
                c.exclusive_minimum = n.exclusive_minimum;
                c.exclusive_maximum = n.exclusive_maximum;
            }
            SchemaKind::Type(Type::Integer(n)) => {
                flat.typ = Some("integer");
                flat.format = format_name(&n.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                flat.enum_values = opt_values(&n.enumeration);
                c.minimum = n.minimum.map(|v| v as f64);
                c.maximum = n.maximum.map(|v| v as f64);
                c.exclusive_minimum = n.exclusive_minimum;
                c.exclusive_maximum = n.exclusive_maximum;
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                flat.typ = Some("boolean");
                flat.enum_values = opt_values(&b.enumeration);
            }
            SchemaKind::Type(Type::Object(o)) => {
                flat.typ = Some("object");
                flat.properties = props(&o.properties);
                flat.required = &o.required;
                flat.additional = additional(&o.additional_properties);
                flat.min_properties = o.min_properties;
                flat.max_properties = o.max_properties;
            }
            SchemaKind::Type(Type::Array(a)) => {
                flat.typ = Some("array");
                flat.items = a.items.as_ref().map(SRef::of_boxed);
                c.min_items = a.min_items;
                c.max_items = a.max_items;
            }
            SchemaKind::OneOf { one_of } => flat.one_of = refs(one_of),
            SchemaKind::AllOf { all_of } => flat.all_of = refs(all_of),
            SchemaKind::AnyOf { any_of } => flat.any_of = refs(any_of),
            SchemaKind::Not { .. } => flat.has_not = true,
            SchemaKind::Any(a) => {
                flat.typ = a.typ.as_deref();
                flat.format = a.format.clone();
                flat.enum_values = a.enumeration.clone();
                flat.pattern = a.pattern.as_deref();
                flat.properties = props(&a.properties);
                flat.required = &a.required;
                flat.additional = additional(&a.additional_properties);
                flat.min_properties = a.min_properties;
                flat.max_properties = a.max_properties;
                flat.items = a.items.as_ref().map(SRef::of_boxed);
                flat.all_of = refs(&a.all_of);
                flat.one_of = refs(&a.one_of);
                flat.any_of = refs(&a.any_of);
                flat.has_not = a.not.is_some();
                c.minimum = a.minimum;
                c.maximum = a.maximum;
                c.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
                c.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
                c.min_length = a.min_length;
                c.max_length = a.max_length;
                c.min_items = a.min_items;
                c.max_items = a.max_items;
            }
        }
        let members = std::mem::take(&mut flat.all_of);
        for (i, member) in members.into_iter().enumerate() {
            match member {
                SRef::Inline(schema) if Flat::of(schema).only_annotates() => flat.notes.push(&schema.schema_data),
                _ => {
                    flat.all_of.push(member);
                    flat.all_of_at.push(i);
                }
            }
        }
        flat
    }

    /// The pointer of `all_of[k]` inside the schema at `ptr`.
    pub fn all_of_ptr(&self, ptr: &str, k: usize) -> String {
        format!("{ptr}/allOf/{}", self.all_of_at[k])
    }

    /// `all_of` with the pointer of each member inside the schema at `ptr`.
    pub fn all_of_with_ptrs(&self, ptr: &str) -> Vec<(SRef<'a>, String)> {
        self.all_of.iter().enumerate().map(|(k, m)| (*m, self.all_of_ptr(ptr, k))).collect()
    }

    /// The description, from the schema or else from an `allOf` member that only annotates.
    pub fn description(&self) -> Option<String> {
        let own = self.data.description.clone().or_else(|| self.data.title.clone());
        own.or_else(|| self.notes.iter().find_map(|n| n.description.clone().or_else(|| n.title.clone())))
    }

    /// The `default`, from the schema or else from an `allOf` member that only annotates.
    pub fn default_value(&self) -> Option<&serde_json::Value> {
        self.data.default.as_ref().or_else(|| self.notes.iter().find_map(|n| n.default.as_ref()))
    }

    /// Whether the schema or an `allOf` member that only annotates says `flag`.
    pub fn says(&self, flag: fn(&SchemaData) -> bool) -> bool {
        flag(self.data) || self.notes.iter().any(|n| flag(n))
    }

    /// Whether the schema says nothing of the shape of a value, only annotates it: no type,
    /// format, properties, items, members, values or constraints.
    pub fn only_annotates(&self) -> bool {
        self.typ.is_none()
            && self.format.is_none()
            && self.enum_values.is_empty()
            && self.properties.is_empty()
            && self.required.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.notes.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && !self.has_not
            && self.constraints.is_empty()
            && self.pattern.is_none()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
    }

    /// Keywords that shape an object of its own (as opposed to a wrapper around one `$ref`).
    pub fn shapes_object(&self) -> bool {
        !self.properties.is_empty()
            || !self.required.is_empty()
            || matches!(self.additional, Some(Additional::Schema(_)))
            || self.min_properties.is_some()
            || self.max_properties.is_some()
    }

    /// The spec's deprecation guidance, if the schema (or an `allOf` member that only
    /// annotates) is deprecated.
    pub fn deprecation(&self) -> Option<String> {
        let own = deprecation_note(self.data.deprecated, &self.data.extensions, self.data.description.as_deref());
        own.or_else(|| self.notes.iter().find_map(|n| deprecation_note(n.deprecated, &n.extensions, n.description.as_deref())))
    }
}

/// `x-stainless-deprecation-message` (or `x-deprecation-message`), else the description, else a
/// plain "deprecated".
pub fn deprecation_note(
    deprecated: bool,
    extensions: &IndexMap<String, Value>,
    description: Option<&str>,
) -> Option<String> {
    if !deprecated {
        return None;
    }
    let from_ext = ["x-stainless-deprecation-message", "x-deprecation-message", "x-deprecated"]
        .iter()
        .find_map(|k| extensions.get(*k).and_then(Value::as_str));
    Some(
        from_ext
            .or(description)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "deprecated by the API description".to_string()),
    )
}
