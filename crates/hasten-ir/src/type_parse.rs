//! `Type` back from its `Display` text: how explicit signatures (`@njit("f8(f8[:])")`, built in
//! Python) and the cache files name types.

use crate::tuples::{NamedClass, TupleType};
use crate::types::{ArrayType, Dtype, Layout, Type};
use std::str::FromStr;

impl FromStr for Type {
    type Err = String;

    fn from_str(s: &str) -> Result<Type, String> {
        let mut p = Parser { s: s.trim() };
        let t = p.ty()?;
        if !p.s.is_empty() {
            return Err(format!("unexpected '{}' after a type in '{s}'", p.s));
        }
        Ok(t)
    }
}

struct Parser<'a> {
    s: &'a str,
}

impl Parser<'_> {
    fn eat(&mut self, prefix: &str) -> bool {
        let rest = self.s.trim_start();
        match rest.strip_prefix(prefix) {
            Some(r) => {
                self.s = r;
                true
            }
            None => false,
        }
    }

    fn expect(&mut self, prefix: &str) -> Result<(), String> {
        if self.eat(prefix) { Ok(()) } else { Err(format!("expected '{prefix}' at '{}'", self.s)) }
    }

    /// The next run of name characters.
    fn word(&mut self) -> &str {
        let rest = self.s.trim_start();
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '<' || c == '>')).unwrap_or(rest.len());
        let (w, r) = rest.split_at(end);
        self.s = r;
        w
    }

    fn ty(&mut self) -> Result<Type, String> {
        if self.eat("(") {
            let mut items = Vec::new();
            while !self.eat(")") {
                items.push(self.ty()?);
                if !self.eat(",") {
                    self.expect(")")?;
                    break;
                }
            }
            return Ok(Type::tuple(items));
        }
        if self.eat("np.") {
            let name = self.word().to_string();
            return Dtype::from_name(&name).map(Type::Scalar).ok_or(format!("unknown dtype '{name}'"));
        }
        match self.word() {
            "<unknown>" => Ok(Type::Unknown),
            "<never>" => Ok(Type::Never),
            "none" => Ok(Type::None),
            "bool" => Ok(Type::Bool),
            "int" => Ok(Type::Int),
            "str" => Ok(Type::Str),
            "ellipsis" => Ok(Type::Ellipsis),
            "Generator" => Ok(Type::Generator),
            "dtype" => {
                self.expect("(")?;
                let name = self.word().to_string();
                self.expect(")")?;
                Dtype::from_name(&name).map(Type::DtypeOf).ok_or(format!("unknown dtype '{name}'"))
            }
            "class" => {
                self.expect("(")?;
                let name = self.word().to_string();
                self.expect(")")?;
                Dtype::from_name(&name).map(Type::ScalarClass).ok_or(format!("unknown dtype '{name}'"))
            }
            "float" => Ok(Type::Float),
            "complex" => Ok(Type::Complex),
            "list" => {
                self.expect("(")?;
                let item = self.ty()?;
                self.expect(")")?;
                Ok(Type::List(Box::new(item)))
            }
            "optional" => {
                self.expect("(")?;
                let value = self.ty()?;
                self.expect(")")?;
                Ok(Type::Optional(Box::new(value)))
            }
            "set" => {
                self.expect("(")?;
                let item = self.ty()?;
                self.expect(")")?;
                Ok(Type::Set(Box::new(item)))
            }
            "dict" => {
                self.expect("(")?;
                let key = self.ty()?;
                self.expect(",")?;
                let value = self.ty()?;
                self.expect(")")?;
                Ok(Type::Dict(Box::new(key), Box::new(value)))
            }
            "array" => self.array(),
            "namedtuple" => self.named(),
            "slice" => {
                self.expect("(")?;
                let mut parts = [false; 3];
                for (k, part) in parts.iter_mut().enumerate() {
                    if k > 0 {
                        self.expect(",")?;
                    }
                    *part = match self.word() {
                        "int" => true,
                        "none" => false,
                        w => return Err(format!("a slice's part is int or none, not '{w}'")),
                    };
                }
                self.expect(")")?;
                Ok(Type::Slice(parts))
            }
            w => Err(format!("unknown type '{w}'")),
        }
    }

    /// `namedtuple(module:qualname, field=type, ...)`, after `namedtuple`.
    fn named(&mut self) -> Result<Type, String> {
        self.expect("(")?;
        let rest = self.s.trim_start();
        let end = rest.find([',', ')']).ok_or(format!("unterminated namedtuple at '{rest}'"))?;
        let (path, r) = rest.split_at(end);
        let (module, qualname) = path.split_once(':').ok_or(format!("no module in namedtuple class '{path}'"))?;
        self.s = r;
        let (mut fields, mut items) = (Vec::new(), Vec::new());
        while self.eat(",") {
            let field = self.word().to_string();
            self.expect("=")?;
            fields.push(field);
            items.push(self.ty()?);
        }
        self.expect(")")?;
        let class = NamedClass { module: module.to_string(), qualname: qualname.to_string(), fields };
        Ok(Type::Tuple(TupleType { items, class: Some(std::sync::Arc::new(class)) }))
    }

    /// `array(float64, 2d, C[, readonly])`, after `array`.
    fn array(&mut self) -> Result<Type, String> {
        self.expect("(")?;
        let name = self.word().to_string();
        let dtype = Dtype::from_name(&name).ok_or(format!("unknown dtype '{name}'"))?;
        self.expect(",")?;
        let dims = self.word().to_string();
        let ndim = dims.strip_suffix('d').and_then(|n| n.parse::<u8>().ok()).ok_or(format!("bad rank '{dims}'"))?;
        self.expect(",")?;
        let layout = match self.word() {
            "C" => Layout::C,
            "F" => Layout::F,
            "A" => Layout::A,
            l => return Err(format!("unknown layout '{l}'")),
        };
        let readonly = self.eat(",") && {
            self.expect("readonly")?;
            true
        };
        self.expect(")")?;
        Ok(Type::Array(ArrayType { dtype, ndim, layout, readonly }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_displayed_type_parses_back() {
        let arr = |ndim, layout, readonly| Type::Array(ArrayType { dtype: Dtype::F32, ndim, layout, readonly });
        let mut all = vec![Type::Unknown, Type::Never, Type::None, Type::Bool, Type::Int, Type::Float];
        all.extend(Dtype::ALL.iter().map(|d| Type::Scalar(*d)));
        all.extend(Dtype::ALL.iter().map(|&dtype| Type::Array(ArrayType { dtype, ndim: 1, layout: Layout::A, readonly: false })));
        all.extend([arr(0, Layout::C, false), arr(3, Layout::F, true), arr(2, Layout::A, true)]);
        all.push(Type::List(Box::new(Type::tuple(vec![Type::Int, arr(1, Layout::C, false)]))));
        all.extend([Type::Str, Type::Set(Box::new(Type::Str)), Type::Dict(Box::new(Type::tuple(vec![Type::Str, Type::Int])), Box::new(Type::List(Box::new(Type::Str))))]);
        all.extend([Type::tuple(vec![]), Type::tuple(vec![Type::Float]), Type::tuple(vec![Type::tuple(vec![Type::Bool]), Type::None])]);
        let class = NamedClass { module: "m.sub".into(), qualname: "f.<locals>.Point".into(), fields: vec!["x".into(), "y".into()] };
        let point = Type::Tuple(TupleType { items: vec![Type::Int, Type::tuple(vec![Type::Float])], class: Some(std::sync::Arc::new(class)) });
        all.extend([Type::List(Box::new(point.clone())), point, Type::Ellipsis, Type::Slice([true, false, true]), Type::Slice([false; 3]), Type::ScalarClass(Dtype::U16)]);
        for t in all {
            assert_eq!(t.to_string().parse::<Type>(), Ok(t.clone()), "{t}");
        }
    }

    #[test]
    fn malformed_text_is_an_error() {
        for bad in ["", "floaty", "array(float64, 1d)", "array(float64, xd, C)", "(int", "list(int", "int int", "np.complex"] {
            assert!(bad.parse::<Type>().is_err(), "{bad}");
        }
    }
}
