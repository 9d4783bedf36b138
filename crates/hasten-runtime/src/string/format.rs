//! Python's format-spec mini-language (`format(x, spec)`, f-string fields `{x:spec}`) for ints,
//! floats, bools and strings, and `repr(float)`: CPython's shortest round-trip digits (Rust's `{:e}`
//! gives the same shortest digits), laid out as CPython's `float_repr_style = 'short'` lays them out.

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Debug, Default, Clone)]
pub struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    no_neg_zero: bool,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

/// The error of a bad spec or of a spec that does not fit the value, as CPython words it.
pub type Fail = (&'static str, String);

fn value_error(msg: impl Into<String>) -> Fail {
    ("ValueError", msg.into())
}

pub fn parse(spec: &str) -> Result<Spec, Fail> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        s.no_neg_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        (*i > start).then(|| chars[start..*i].iter().collect::<String>().parse().unwrap_or(usize::MAX))
    };
    s.width = digits(&mut i).unwrap_or(0);
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        s.precision = Some(digits(&mut i).ok_or_else(|| value_error("Format specifier missing precision"))?);
    }
    if i + 1 < chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    s.ty = chars.get(i).copied();
    if s.zero && s.fill.is_none() {
        s.fill = Some('0');
        s.align.get_or_insert('=');
    }
    Ok(s)
}

fn unknown(ty: char, what: &str) -> Fail {
    value_error(format!("Unknown format code '{ty}' for object of type '{what}'"))
}

/// Inserts `sep` every `every` digits from the right of `digits`, zero-padded first to make the
/// whole field `min_len` long when `zero_fill` (CPython pads zeros inside the grouping).
fn group(digits: &str, sep: Option<char>, every: usize, min_len: usize) -> String {
    let Some(sep) = sep else {
        return format!("{}{digits}", "0".repeat(min_len.saturating_sub(digits.len())));
    };
    let mut d = digits.to_string();
    loop {
        let n = d.len();
        let mut out = String::with_capacity(n + n / every);
        for (k, c) in d.chars().enumerate() {
            if k > 0 && (n - k).is_multiple_of(every) {
                out.push(sep);
            }
            out.push(c);
        }
        if out.len() >= min_len {
            return out;
        }
        d.insert(0, '0');
    }
}

/// Lays out a number: its sign, prefix (`0x`) and body, padded to the spec's width.
fn pad_number(s: &Spec, negative: bool, prefix: &str, int_part: &str, rest: &str, every: usize) -> String {
    let sign = match (negative, s.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    let zero_fill = s.fill == Some('0') && s.align == Some('=');
    let min = if zero_fill { s.width.saturating_sub(sign.len() + prefix.len() + rest.chars().count()) } else { 0 };
    let body = format!("{}{rest}", group(int_part, s.grouping, every, min));
    pad(s, sign, &format!("{prefix}{body}"), '>')
}

/// Pads `sign + body` to the spec's width with its fill and alignment (`default` if none).
fn pad(s: &Spec, sign: &str, body: &str, default: char) -> String {
    let len = sign.chars().count() + body.chars().count();
    if s.width <= len {
        return format!("{sign}{body}");
    }
    let fill = s.fill.unwrap_or(' ').to_string();
    let n = s.width - len;
    match s.align.unwrap_or(default) {
        '<' => format!("{sign}{body}{}", fill.repeat(n)),
        '^' => format!("{}{sign}{body}{}", fill.repeat(n / 2), fill.repeat(n - n / 2)),
        '=' => format!("{sign}{}{body}", fill.repeat(n)),
        _ => format!("{}{sign}{body}", fill.repeat(n)),
    }
}

/// `format(v, spec)` of an int.
pub fn format_int(v: i64, spec: &str) -> Result<String, Fail> {
    let s = parse(spec)?;
    let ty = s.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float_spec(v as f64, &s);
    }
    if s.precision.is_some() {
        return Err(value_error("Precision not allowed in integer format specifier"));
    }
    if s.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let (radix, prefix) = match ty {
        'd' | 'n' => (10, ""),
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'c' => {
            if s.sign.is_some() {
                return Err(value_error("Sign not allowed with integer format specifier 'c'"));
            }
            if s.alternate {
                return Err(value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
            }
            let v = u32::try_from(v).ok().filter(|v| *v < 0x110000).ok_or(("OverflowError", "%c arg not in range(0x110000)".to_string()))?;
            let c = char::from_u32(v).ok_or(("ValueError", format!("hasten: chr({v:#x}) is a lone surrogate, which compiled strings cannot hold")))?;
            return Ok(pad(&s, "", &c.to_string(), '<'));
        }
        t => return Err(unknown(t, "int")),
    };
    if let Some(g) = s.grouping {
        if g == ',' && radix != 10 || ty == 'n' {
            return Err(value_error(format!("Cannot specify ',' with '{ty}'.")));
        }
    }
    let m = v.unsigned_abs();
    let digits = match radix {
        2 => format!("{m:b}"),
        8 => format!("{m:o}"),
        16 if ty == 'X' => format!("{m:X}"),
        16 => format!("{m:x}"),
        _ => m.to_string(),
    };
    let every = if radix == 10 { 3 } else { 4 };
    Ok(pad_number(&s, v < 0, if s.alternate { prefix } else { "" }, &digits, "", every))
}

/// `format(b, spec)` of a bool: `str(b)` for an empty spec, else the int's format.
pub fn format_bool(b: bool, spec: &str) -> Result<String, Fail> {
    if spec.is_empty() {
        return Ok(if b { "True" } else { "False" }.into());
    }
    format_int(b as i64, spec)
}

/// `format(text, spec)` of a string.
pub fn format_str(text: &str, spec: &str) -> Result<String, Fail> {
    let s = parse(spec)?;
    match s.ty {
        None | Some('s') => {}
        Some(t) => return Err(unknown(t, "str")),
    }
    if s.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if s.alternate {
        return Err(value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if s.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if s.grouping.is_some() {
        return Err(value_error(format!("Cannot specify '{}' with 's'.", s.grouping.unwrap_or(','))));
    }
    if s.align == Some('=') {
        return Err(value_error("'=' alignment not allowed in string format specifier"));
    }
    let body: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    Ok(pad(&s, "", &body, '<'))
}

/// `format(x, spec)` of a float.
pub fn format_float(x: f64, spec: &str) -> Result<String, Fail> {
    format_float_spec(x, &parse(spec)?)
}

fn format_float_spec(x: f64, s: &Spec) -> Result<String, Fail> {
    let ty = s.ty;
    if let Some(t) = ty.filter(|t| !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n')) {
        return Err(unknown(t, "float"));
    }
    if s.grouping.is_some() && ty == Some('n') {
        return Err(value_error("Cannot specify ',' with 'n'."));
    }
    let mut negative = x.is_sign_negative() && !x.is_nan();
    let mut a = x.abs();
    if s.no_neg_zero && negative && format_abs(a, ty, s).0 == format_abs(0.0, ty, s).0 {
        negative = false;
        a = 0.0;
    }
    let (body, upper) = format_abs(a, ty, s);
    let body = if upper { body.to_uppercase() } else { body };
    // The integer digits are those before the point or exponent, grouped and zero-filled.
    let split = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
    let (int_part, rest) = body.split_at(split);
    if int_part.is_empty() {
        // inf and nan: padded like digits, zeros included.
        let sign = if negative { "-" } else { s.sign.filter(|c| *c != '-').map_or("", |c| if c == '+' { "+" } else { " " }) };
        return Ok(pad(s, sign, &body, '>'));
    }
    Ok(pad_number(s, negative, "", int_part, rest, 3))
}

/// The digits of a non-negative float under the spec's type and precision, and whether the type
/// asks for upper case.
fn format_abs(a: f64, ty: Option<char>, s: &Spec) -> (String, bool) {
    if a.is_nan() || a.is_infinite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        let pct = if ty == Some('%') { "%" } else { "" };
        return (format!("{t}{pct}"), matches!(ty, Some('E' | 'F' | 'G')));
    }
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let body = match ty {
        Some('f' | 'F') => with_point(format!("{:.*}", s.precision.unwrap_or(6), a), s.alternate),
        Some('%') => format!("{}%", with_point(format!("{:.*}", s.precision.unwrap_or(6), a * 100.0), s.alternate)),
        Some('e' | 'E') => sci(a, s.precision.unwrap_or(6), s.alternate),
        Some('g' | 'G' | 'n') => general(a, s.precision.unwrap_or(6), s.alternate, false),
        _ => match s.precision {
            Some(p) => general(a, p, s.alternate, true),
            None => repr_abs(a),
        },
    };
    (body, upper)
}

/// `#` keeps a point after the digits even with no decimals.
fn with_point(digits: String, alternate: bool) -> String {
    if alternate && !digits.contains('.') { format!("{digits}.") } else { digits }
}

/// `d.ddde+XX`: Rust's `{:e}` with Python's exponent (a sign and at least two digits).
fn sci(a: f64, precision: usize, alternate: bool) -> String {
    let r = format!("{:.*e}", precision, a);
    let (mant, exp) = r.split_once('e').expect("`{:e}` has an exponent");
    format!("{}{}", with_point(mant.to_string(), alternate), exponent(exp.parse().unwrap_or(0)))
}

fn exponent(e: i32) -> String {
    format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.unsigned_abs())
}

/// The `g` format (and the type-less format with a precision, which keeps a `.0`).
fn general(a: f64, precision: usize, alternate: bool, add_dot_zero: bool) -> String {
    let p = precision.max(1);
    let x = if a == 0.0 {
        0
    } else {
        let r = format!("{:.*e}", p - 1, a);
        r.split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(0)
    };
    let strip = |mut m: String| {
        if !alternate && m.contains('.') {
            while m.ends_with('0') {
                m.pop();
            }
            if m.ends_with('.') {
                m.pop();
            }
        }
        m
    };
    // CPython keeps a `.0` only where the fixed form has room for it within the precision: one
    // digit fewer before the exponent form takes over (`format(10000.0, '.5')` is '1e+04').
    let limit = if add_dot_zero { p as i32 - 1 } else { p as i32 };
    if -4 <= x && x < limit {
        let m = strip(format!("{:.*}", (p as i32 - 1 - x) as usize, a));
        let m = with_point(m, alternate);
        if add_dot_zero && !m.contains('.') { format!("{m}.0") } else { m }
    } else {
        let r = format!("{:.*e}", p - 1, a);
        let (mant, _) = r.split_once('e').expect("`{:e}` has an exponent");
        format!("{}{}", with_point(strip(mant.to_string()), alternate), exponent(x))
    }
}

/// `repr(x)` of a non-negative finite float.
fn repr_abs(a: f64) -> String {
    if a == 0.0 {
        return "0.0".into();
    }
    let shortest = format!("{a:e}");
    // Of the shortest digit strings that read back as `a`, CPython prints the one nearest to `a`
    // (ties to even), where Rust's shortest may be the other neighbour (2**49 + 0.25 is
    // 562949953421312.2 to CPython, ...3 to Rust): the correctly rounded string of that length is
    // CPython's whenever it reads back.
    let n = shortest.split_once('e').map_or(1, |(m, _)| m.chars().filter(char::is_ascii_digit).count());
    let nearest = format!("{:.*e}", n - 1, a);
    let r = if nearest.parse::<f64>() == Ok(a) { nearest } else { shortest };
    let (mant, exp) = r.split_once('e').expect("`{:e}` has an exponent");
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        }
    } else {
        let tail = &digits[1..];
        let mant = if tail.is_empty() { digits[..1].to_string() } else { format!("{}.{tail}", &digits[..1]) };
        format!("{mant}{}", exponent(exp))
    }
}

/// `repr(x)` (and `str(x)`) of a float, as CPython prints it.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    let body = if x.is_infinite() { "inf".to_string() } else { repr_abs(x.abs()) };
    if x.is_sign_negative() { format!("-{body}") } else { body }
}
