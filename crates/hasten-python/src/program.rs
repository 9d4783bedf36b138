//! The program description built by `hasten._program` → `hasten_ir::Program`.
//!
//! Each function is a dict with keys `name`, `filename`, `source`, `first_line`, `indent`,
//! `globals` (name → tagged tuple, see `global_value`) and `options`
//! (`(boundscheck, fastmath, numpy_errors, parallel, inline_always, locals)`, locals a list of
//! `(name, type text)`).

use hasten_ir::{Dtype, FrozenArray, FunctionSource, GlobalValue, Options, Program};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::collections::HashMap;

pub fn program_from_py(functions: &Bound<'_, PyAny>) -> PyResult<Program> {
    let functions = functions
        .try_iter()?
        .map(|f| function_from_py(&f?.cast_into::<PyDict>()?))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Program { functions, overloads: Default::default() })
}

fn item<'py, T>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<T>
where
    T: for<'a> FromPyObject<'a, 'py>,
{
    d.get_item(key)?
        .ok_or_else(|| PyValueError::new_err(format!("hasten: program description lacks '{key}'")))?
        .extract()
        .map_err(Into::into)
}

fn function_from_py(d: &Bound<'_, PyDict>) -> PyResult<FunctionSource> {
    let (boundscheck, fastmath, numpy_errors, parallel, inline_always, declared): (bool, bool, bool, bool, bool, Vec<(String, String)>) =
        item(d, "options")?;
    let locals = declared
        .into_iter()
        .map(|(name, ty)| {
            let t = ty.parse().map_err(|e| PyValueError::new_err(format!("hasten: locals= type of '{name}': {e}")))?;
            Ok((name, t))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let globals_dict: Bound<'_, PyDict> = item(d, "globals")?;
    let mut globals = HashMap::with_capacity(globals_dict.len());
    for (k, v) in globals_dict.iter() {
        globals.insert(k.extract::<String>()?, global_value(&v)?);
    }
    Ok(FunctionSource {
        name: item(d, "name")?,
        filename: item(d, "filename")?,
        source: item(d, "source")?,
        first_line: item(d, "first_line")?,
        indent: item(d, "indent")?,
        globals,
        options: Options { boundscheck, fastmath, numpy_errors, parallel, inline_always, locals },
    })
}

/// A global as a tagged tuple: `("int", 3)`, `("tuple", [...])`, `("math",)`, `("function", 2)`, ...
fn global_value(v: &Bound<'_, PyAny>) -> PyResult<GlobalValue> {
    let t = v.cast::<PyTuple>()?;
    let tag: String = t.get_item(0)?.extract()?;
    let arg = || t.get_item(1);
    Ok(match tag.as_str() {
        "int" => GlobalValue::Int(arg()?.extract()?),
        "float" => GlobalValue::Float(arg()?.extract()?),
        "complex" => GlobalValue::Complex(arg()?.extract()?, t.get_item(2)?.extract()?),
        "bool" => GlobalValue::Bool(arg()?.extract()?),
        "none" => GlobalValue::None,
        "ellipsis" => GlobalValue::Ellipsis,
        "str" => GlobalValue::Str(arg()?.extract()?),
        "tuple" => GlobalValue::Tuple(
            arg()?.try_iter()?.map(|x| global_value(&x?)).collect::<PyResult<_>>()?,
        ),
        "math" => GlobalValue::MathModule,
        "cmath" => GlobalValue::CmathModule,
        "cmathfn" => GlobalValue::CmathFn(arg()?.extract()?),
        "operator" => GlobalValue::OperatorModule,
        "stdlib" => GlobalValue::StdlibModule(arg()?.extract()?),
        "stdlibfn" => {
            let (module, name): (String, String) = arg()?.extract()?;
            GlobalValue::StdlibFn(module, name)
        }
        "builtinfn" => GlobalValue::BuiltinFn(arg()?.extract()?),
        "numpy" => GlobalValue::NumpyModule,
        "mathfn" => GlobalValue::MathFn(arg()?.extract()?),
        "numpyfn" => GlobalValue::NumpyFn(arg()?.extract()?),
        "numpyrandom" => GlobalValue::NumpyRandomModule,
        "randomfn" => GlobalValue::RandomFn(arg()?.extract()?),
        "numpylinalg" => GlobalValue::NumpyLinalgModule,
        "linalgfn" => GlobalValue::LinalgFn(arg()?.extract()?),
        "dtype" => {
            let name: String = arg()?.extract()?;
            GlobalValue::Dtype(
                Dtype::from_name(&name)
                    .ok_or_else(|| PyValueError::new_err(format!("hasten: unknown dtype '{name}'")))?,
            )
        }
        "function" => GlobalValue::Function(arg()?.extract()?),
        "prange" => GlobalValue::Prange,
        "exception" => GlobalValue::Exception(arg()?.extract()?),
        "pyfunction" => GlobalValue::PyFunction(arg()?.extract()?),
        "userexception" => GlobalValue::UserException(arg()?.extract()?, t.get_item(2)?.extract()?),
        "opaque" => GlobalValue::Opaque(arg()?.extract()?),
        "slice" => GlobalValue::Slice(arg()?.try_iter()?.map(|x| global_value(&x?)).collect::<PyResult<_>>()?),
        "npscalar" => {
            let name: String = arg()?.extract()?;
            let dtype = Dtype::from_name(&name).ok_or_else(|| PyValueError::new_err(format!("hasten: unknown dtype '{name}'")))?;
            GlobalValue::NumpyScalar(dtype, Box::new(global_value(&t.get_item(2)?)?))
        }
        // `("namedtuple", cls, [defaults])` and `("namedinstance", cls, [items])`.
        "namedtuple" | "namedinstance" => {
            let cls = arg()?.cast_into::<pyo3::types::PyType>()?;
            let class = crate::named::class_of(&cls)?.ok_or_else(|| PyValueError::new_err("hasten: not a namedtuple class"))?;
            let values = t.get_item(2)?.try_iter()?.map(|x| global_value(&x?)).collect::<PyResult<_>>()?;
            match tag.as_str() {
                "namedtuple" => GlobalValue::NamedTuple { class, defaults: values },
                _ => GlobalValue::NamedInstance(class, values),
            }
        }
        "overload" => GlobalValue::Overload { key: arg()?.extract()?, numpy: t.get_item(2)?.extract()? },
        "typedclass" => GlobalValue::TypedClass(arg()?.extract()?),
        "itemtype" => GlobalValue::ItemType(item_type(&arg()?.extract::<String>()?)?),
        "typesmodule" => {
            let named: Vec<(String, String)> = arg()?.extract()?;
            GlobalValue::TypesModule(named.into_iter().map(|(n, text)| Ok((n, item_type(&text)?))).collect::<PyResult<_>>()?)
        }
        "array" => {
            let name: String = t.get_item(3)?.extract()?;
            GlobalValue::Array(FrozenArray {
                data: arg()?.extract()?,
                owner: t.get_item(2)?.extract()?,
                dtype: Dtype::from_name(&name).ok_or_else(|| PyValueError::new_err(format!("hasten: unknown dtype '{name}'")))?,
                shape: t.get_item(4)?.extract()?,
                strides: t.get_item(5)?.extract()?,
            })
        }
        _ => return Err(PyValueError::new_err(format!("hasten: unknown global tag '{tag}'"))),
    })
}

/// The type a type object's text names.
fn item_type(text: &str) -> PyResult<hasten_ir::Type> {
    text.parse().map_err(|e| PyValueError::new_err(format!("hasten: bad type text '{text}': {e}")))
}
