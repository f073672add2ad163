//! Which field names a front-matter struct accepts, read from the serde
//! struct itself, so the CMS form and the schema cannot drift apart.
//!
//! [`trace`] runs a type's own `Deserialize` against a deserializer that
//! answers every question with a harmless value (a date-shaped string, the
//! first variant of an enum, one item in a list, `Some` for an option) and,
//! each time a struct asks for its fields (`deserialize_struct`), records
//! them under the path it was reached by (`legal` for the items of the
//! `legal:` list, `when` for the `when:` object) and goes on into each.
//! Renamed fields (`where`) appear under the name written in YAML.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::de::value::{Error, StrDeserializer};
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

/// The fields of every struct met, by path (`""` for the top).
pub type Shape = BTreeMap<String, Vec<&'static str>>;

/// The accepted field names of `T` and of every struct inside it.
pub fn trace<T: DeserializeOwned>() -> Shape {
    let shape = RefCell::new(Shape::new());
    // The value itself is thrown away; a type that refuses every harmless
    // value still leaves the fields it asked for.
    let _ = T::deserialize(Tracer {
        path: String::new(),
        shape: &shape,
    });
    shape.into_inner()
}

struct Tracer<'a> {
    path: String,
    shape: &'a RefCell<Shape>,
}

impl<'a> Tracer<'a> {
    fn at(&self, field: &str) -> Tracer<'a> {
        Tracer {
            path: if self.path.is_empty() {
                field.to_string()
            } else {
                format!("{}.{field}", self.path)
            },
            shape: self.shape,
        }
    }

    fn same(&self) -> Tracer<'a> {
        Tracer {
            path: self.path.clone(),
            shape: self.shape,
        }
    }
}

/// A string every string-like type here accepts (a date parses too).
const SAMPLE: &str = "2024-01-01";

macro_rules! number {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            v.visit_u64(1)
        }
    )*};
}

impl<'de> Deserializer<'de> for Tracer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str(SAMPLE)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bool(false)
    }
    number!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
            deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(1.0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(1.0)
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_char('a')
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str(SAMPLE)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str(SAMPLE)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bytes(SAMPLE.as_bytes())
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bytes(SAMPLE.as_bytes())
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(One(Some(self)))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        v.visit_seq(One(Some(self)))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_seq(One(Some(self)))
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_map(Fields {
            fields: &[],
            next: 0,
            at: self,
        })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        {
            let mut shape = self.shape.borrow_mut();
            let known = shape.entry(self.path.clone()).or_default();
            for f in fields {
                if !known.contains(f) {
                    known.push(f);
                }
            }
        }
        v.visit_map(Fields {
            fields,
            next: 0,
            at: self,
        })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_enum(First(variants.first().copied().unwrap_or(""), self))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str(SAMPLE)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

/// A list of exactly one item.
struct One<'a>(Option<Tracer<'a>>);

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.take() {
            Some(t) => seed.deserialize(t).map(Some),
            None => Ok(None),
        }
    }
}

/// A struct's fields, each with a traced value.
struct Fields<'a> {
    fields: &'static [&'static str],
    next: usize,
    at: Tracer<'a>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.fields.get(self.next) {
            Some(f) => {
                let key: StrDeserializer<'_, Error> = f.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.fields.get(self.next).copied().unwrap_or("");
        self.next += 1;
        seed.deserialize(self.at.at(field))
    }
}

/// An enum read as its first variant.
struct First<'a>(&'static str, Tracer<'a>);

impl<'de, 'a> EnumAccess<'de> for First<'a> {
    type Error = Error;
    type Variant = Tracer<'a>;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Tracer<'a>), Error> {
        let name: StrDeserializer<'_, Error> = self.0.into_deserializer();
        Ok((seed.deserialize(name)?, self.1))
    }
}

impl<'de> VariantAccess<'de> for Tracer<'_> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.same())
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        v.visit_seq(One(Some(self)))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_struct("", fields, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::StepMeta;

    #[test]
    fn finds_nested_and_renamed_fields() {
        let shape = trace::<StepMeta>();
        assert!(shape[""].contains(&"title"), "{shape:?}");
        assert!(shape[""].contains(&"formkrav"), "{shape:?}");
        assert_eq!(
            shape["legal"],
            ["law", "section", "requirement", "obligation"]
        );
        assert_eq!(shape["when"], ["start", "end"]);
        // `place` is written `where:`.
        assert!(shape["formkrav"].contains(&"where"), "{shape:?}");
        assert!(!shape["formkrav"].contains(&"place"), "{shape:?}");
    }

    #[test]
    fn a_type_with_no_struct_has_no_fields() {
        assert!(trace::<Vec<String>>().is_empty());
    }
}
