//! The methods of `str` that compiled code has, named once for every stage.

/// The methods of `str`, with their arguments after the receiver as the front end binds them:
/// `startswith/endswith/find/rfind/index/rindex/count(sub[, start[, end]])`,
/// `replace(old, new[, count])`, `split/rsplit(sep, maxsplit)` (both always present, `None` and
/// `-1` by default), `join(list)`, `strip/lstrip/rstrip([chars])`, `zfill(width)`, and the
/// argument-less `upper lower isdigit isalpha isspace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrMethod {
    Startswith,
    Endswith,
    Find,
    Rfind,
    Index,
    Rindex,
    Count,
    Replace,
    Split,
    Rsplit,
    Join,
    Strip,
    Lstrip,
    Rstrip,
    Upper,
    Lower,
    Isdigit,
    Isalpha,
    Isspace,
    Zfill,
}

impl StrMethod {
    pub const ALL: [StrMethod; 20] = [
        StrMethod::Startswith,
        StrMethod::Endswith,
        StrMethod::Find,
        StrMethod::Rfind,
        StrMethod::Index,
        StrMethod::Rindex,
        StrMethod::Count,
        StrMethod::Replace,
        StrMethod::Split,
        StrMethod::Rsplit,
        StrMethod::Join,
        StrMethod::Strip,
        StrMethod::Lstrip,
        StrMethod::Rstrip,
        StrMethod::Upper,
        StrMethod::Lower,
        StrMethod::Isdigit,
        StrMethod::Isalpha,
        StrMethod::Isspace,
        StrMethod::Zfill,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StrMethod::Startswith => "startswith",
            StrMethod::Endswith => "endswith",
            StrMethod::Find => "find",
            StrMethod::Rfind => "rfind",
            StrMethod::Index => "index",
            StrMethod::Rindex => "rindex",
            StrMethod::Count => "count",
            StrMethod::Replace => "replace",
            StrMethod::Split => "split",
            StrMethod::Rsplit => "rsplit",
            StrMethod::Join => "join",
            StrMethod::Strip => "strip",
            StrMethod::Lstrip => "lstrip",
            StrMethod::Rstrip => "rstrip",
            StrMethod::Upper => "upper",
            StrMethod::Lower => "lower",
            StrMethod::Isdigit => "isdigit",
            StrMethod::Isalpha => "isalpha",
            StrMethod::Isspace => "isspace",
            StrMethod::Zfill => "zfill",
        }
    }

    pub fn from_name(name: &str) -> Option<StrMethod> {
        StrMethod::ALL.into_iter().find(|m| m.name() == name)
    }
}
