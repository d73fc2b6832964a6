//! A serde serializer that feeds a value straight into a hasher, for the
//! context hashes of `hash`: no text is made, nothing is escaped or
//! formatted. Every value is fed as a tag byte and its bytes, strings and
//! byte strings with their length, sequences and maps closed by an end
//! tag, so two different values of one type never feed the same bytes.

use serde::ser::{self, Serialize};
use std::hash::Hasher;

/// Feeds what is serialised into `H`.
pub(super) struct Feed<'h, H: Hasher>(pub &'h mut H);

/// Serialising into a hasher cannot fail; a `Serialize` implementation
/// may still report an error of its own.
#[derive(Debug)]
pub(super) struct FeedError;

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value could not be serialised")
    }
}

impl std::error::Error for FeedError {}

impl ser::Error for FeedError {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        FeedError
    }
}

// Tags: one per kind of value, so a value's kind is part of its hash.
const UNIT: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const UINT: u8 = 4;
const FLOAT: u8 = 5;
const CHAR: u8 = 6;
const STR: u8 = 7;
const BYTES: u8 = 8;
const NONE: u8 = 9;
const SOME: u8 = 10;
const VARIANT: u8 = 11;
const SEQ: u8 = 12;
const MAP: u8 = 13;
const STRUCT: u8 = 14;
const FIELD: u8 = 15;
const SKIPPED: u8 = 16;
const END: u8 = 17;

impl<H: Hasher> Feed<'_, H> {
    fn tag(&mut self, tag: u8) {
        self.0.write_u8(tag);
    }

    fn str(&mut self, s: &str) {
        self.tag(STR);
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
    }

    /// A name serde gives as `&'static str` (a field or variant): the
    /// same name is the same static text wherever it is used, so it is
    /// fed as its address and length, not its bytes.
    fn name(&mut self, name: &'static str) {
        self.0.write_usize(name.as_ptr() as usize);
        self.0.write_usize(name.len());
    }
}

/// Serialiser methods of a narrow number that feed it as its wide kind
/// (`serialize_i8` as `serialize_i64`...), so `1u8` and `1u64` feed alike,
/// as serde_json writes them alike.
macro_rules! widen {
    ($($($narrow:ident($ty:ty)),+ => $wide:ident($to:ty);)+) => {
        $($(
            fn $narrow(self, v: $ty) -> Result<(), FeedError> {
                self.$wide(<$to>::from(v))
            }
        )+)+
    };
}

/// A compound serialiser whose parts are values in order (a sequence,
/// tuple or tuple variant's fields): each part as it comes, closed by
/// `END`.
macro_rules! sequence {
    ($compound:ident, $part:ident) => {
        impl<H: Hasher> ser::$compound for &mut Feed<'_, H> {
            type Ok = ();
            type Error = FeedError;
            fn $part<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), FeedError> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), FeedError> {
                self.tag(END);
                Ok(())
            }
        }
    };
}

impl<H: Hasher> ser::Serializer for &mut Feed<'_, H> {
    type Ok = ();
    type Error = FeedError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), FeedError> {
        self.tag(if v { TRUE } else { FALSE });
        Ok(())
    }
    widen! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32) => serialize_i64(i64);
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32) => serialize_u64(u64);
        serialize_f32(f32) => serialize_f64(f64);
    }
    fn serialize_i64(self, v: i64) -> Result<(), FeedError> {
        self.tag(INT);
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), FeedError> {
        self.tag(INT);
        self.0.write_i128(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), FeedError> {
        self.tag(UINT);
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), FeedError> {
        self.tag(UINT);
        self.0.write_u128(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), FeedError> {
        self.tag(FLOAT);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), FeedError> {
        self.tag(CHAR);
        self.0.write_u32(u32::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), FeedError> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), FeedError> {
        self.tag(BYTES);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), FeedError> {
        self.tag(NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), FeedError> {
        self.tag(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FeedError> {
        self.tag(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FeedError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FeedError> {
        self.tag(VARIANT);
        self.name(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.tag(VARIANT);
        self.name(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, FeedError> {
        self.tag(SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, FeedError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, FeedError> {
        self.tag(VARIANT);
        self.name(variant);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, FeedError> {
        self.tag(MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, FeedError> {
        self.tag(STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, FeedError> {
        self.tag(VARIANT);
        self.name(variant);
        self.serialize_struct("", 0)
    }
}

sequence!(SerializeSeq, serialize_element);
sequence!(SerializeTuple, serialize_element);
sequence!(SerializeTupleStruct, serialize_field);
sequence!(SerializeTupleVariant, serialize_field);

impl<H: Hasher> ser::SerializeMap for &mut Feed<'_, H> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), FeedError> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), FeedError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), FeedError> {
        self.tag(END);
        Ok(())
    }
}

impl<H: Hasher> ser::SerializeStruct for &mut Feed<'_, H> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        self.tag(FIELD);
        self.name(key);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), FeedError> {
        self.tag(SKIPPED);
        self.name(key);
        Ok(())
    }
    fn end(self) -> Result<(), FeedError> {
        self.tag(END);
        Ok(())
    }
}

impl<H: Hasher> ser::SerializeStructVariant for &mut Feed<'_, H> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FeedError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), FeedError> {
        ser::SerializeStruct::skip_field(self, key)
    }
    fn end(self) -> Result<(), FeedError> {
        self.tag(END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::hash::{BuildHasher, DefaultHasher};

    fn fed<T: Serialize>(value: &T) -> u64 {
        let mut h = std::hash::BuildHasherDefault::<DefaultHasher>::default().build_hasher();
        let _ = value.serialize(&mut Feed(&mut h));
        h.finish()
    }

    #[derive(Serialize)]
    struct Card<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<&'a str>,
        b: &'a str,
        list: Vec<&'a str>,
    }

    #[test]
    fn values_that_serialise_differently_feed_differently() {
        let card = |a, b, list| fed(&Card { a, b, list });
        // The same value, the same hash.
        assert_eq!(card(None, "x", vec!["y"]), card(None, "x", vec!["y"]));
        let distinct = [
            card(None, "x", vec!["y"]),
            card(Some("x"), "", vec!["y"]),
            card(None, "xy", vec![]),
            card(None, "x", vec!["", "y"]),
            card(None, "x", vec!["y", ""]),
            card(None, "", vec!["xy"]),
            fed(&std::collections::BTreeMap::from([("x", "y")])),
            fed(&vec!["x", "y"]),
            fed(&1u64),
            fed(&1i64),
            fed(&1.0f64),
            fed(&"1"),
            fed(&Some(1u64)),
            fed(&()),
            fed(&None::<u64>),
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
