//! The case methods and predicates of `str` beyond `upper`/`lower`, and the padding methods.
//! ASCII text is handled here; other text asks CPython (`ask_python`), whose Unicode tables these
//! follow, and falls back on Rust's where no binding is loaded.

use super::ask_python;

/// `capitalize`, `title`, `swapcase`, `casefold` (`name`) of `text`.
pub(super) fn case_change(name: &str, text: &str) -> String {
    if !text.is_ascii() {
        if let Some(done) = ask_python(name, text) {
            return done;
        }
    }
    match name {
        "capitalize" => {
            let mut cs = text.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        }
        "title" => {
            // A cased character after a cased one is lowered; after any other, raised.
            let mut prev_cased = false;
            let mut out = String::with_capacity(text.len());
            for c in text.chars() {
                if prev_cased {
                    out.extend(c.to_lowercase());
                } else {
                    out.extend(c.to_uppercase());
                }
                prev_cased = c.is_lowercase() || c.is_uppercase();
            }
            out
        }
        "swapcase" => text.chars().flat_map(|c| -> Box<dyn Iterator<Item = char>> {
            if c.is_uppercase() {
                Box::new(c.to_lowercase())
            } else if c.is_lowercase() {
                Box::new(c.to_uppercase())
            } else {
                Box::new(std::iter::once(c))
            }
        })
        .collect(),
        _ => text.to_lowercase(),
    }
}

/// `isupper`, `islower`, `isalnum`, `isdecimal`, `isnumeric`, `istitle`, `isprintable`,
/// `isidentifier` (`name`) of `text`.
pub(super) fn predicate(name: &str, text: &str) -> bool {
    if !text.is_ascii() {
        if let Some(answer) = ask_python(name, text) {
            return answer == "True";
        }
    }
    let cased = |c: char| c.is_uppercase() || c.is_lowercase();
    match name {
        "isupper" => text.chars().any(cased) && !text.chars().any(char::is_lowercase),
        "islower" => text.chars().any(cased) && !text.chars().any(char::is_uppercase),
        "isalnum" => !text.is_empty() && text.chars().all(char::is_alphanumeric),
        "isdecimal" | "isnumeric" => !text.is_empty() && text.chars().all(|c| if text.is_ascii() { c.is_ascii_digit() } else { c.is_numeric() }),
        "isprintable" => text.chars().all(|c| !c.is_control()),
        "isidentifier" => {
            let mut chars = text.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
        }
        _ => {
            // istitle: upper case only after uncased characters, lower case only after cased
            // ones, and at least one cased character.
            let (mut prev_cased, mut any) = (false, false);
            for c in text.chars() {
                if c.is_uppercase() {
                    if prev_cased {
                        return false;
                    }
                    prev_cased = true;
                    any = true;
                } else if c.is_lowercase() {
                    if !prev_cased {
                        return false;
                    }
                    prev_cased = true;
                    any = true;
                } else {
                    prev_cased = false;
                }
            }
            any
        }
    }
}

/// `center`, `ljust`, `rjust` (`name`) of `text` (`nchars` code points) to `width` with `fill`
/// (a space when None); CPython's TypeError for a fill that is not one character.
pub(super) fn pad(name: &str, text: &str, nchars: usize, width: i64, fill: Option<&str>) -> Result<String, (&'static str, String)> {
    let fill = match fill {
        None => ' ',
        Some(f) => {
            let mut cs = f.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(("TypeError", "The fill character must be exactly one character long".into())),
            }
        }
    };
    let n = nchars as i64;
    if width <= n {
        return Ok(text.to_string());
    }
    let marg = width - n;
    let left = match name {
        "ljust" => 0,
        "rjust" => marg,
        // CPython's `pad` for center: the odd one goes left when both the margin and the width are odd.
        _ => marg / 2 + (marg & width & 1),
    };
    let fills = |k: i64| std::iter::repeat_n(fill, k as usize);
    Ok(fills(left).chain(text.chars()).chain(fills(marg - left)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_cases_and_padding_match_cpython() {
        // Values from CPython 3.11.
        assert_eq!(case_change("title", "they're bill's 2nd"), "They'Re Bill'S 2Nd");
        assert_eq!(case_change("capitalize", "hELLO wORLD"), "Hello world");
        assert_eq!(case_change("swapcase", "Ab1c"), "aB1C");
        assert!(predicate("istitle", "Hello World") && !predicate("istitle", "Hello world"));
        assert!(predicate("isupper", "AB1") && !predicate("isupper", "123"));
        assert_eq!(pad("center", "abc", 3, 8, Some("*")), Ok("**abc***".to_string()));
        assert_eq!(pad("center", "ab", 2, 7, None), Ok("   ab  ".to_string()));
        assert_eq!(pad("rjust", "ab", 2, 4, Some("é")), Ok("ééab".to_string()));
        assert_eq!(pad("ljust", "abc", 3, 2, None), Ok("abc".to_string()));
        assert!(pad("center", "a", 1, 4, Some("**")).is_err());
    }
}
