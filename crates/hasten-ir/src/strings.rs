//! The methods of `str` that compiled code has, named once for every stage.

/// The methods of `str`, with their arguments after the receiver as the front end binds them:
/// `startswith/endswith/find/rfind/index/rindex/count(sub[, start[, end]])`,
/// `replace(old, new[, count])`, `split/rsplit(sep, maxsplit)` (both always present, `None` and
/// `-1` by default), `join(list)`, `strip/lstrip/rstrip([chars])`, `zfill(width)`,
/// `center/ljust/rjust(width[, fillchar])`, `partition/rpartition(sep)` (a tuple of three),
/// `splitlines([keepends])`, and the argument-less `upper lower capitalize title
/// swapcase casefold` and `isdigit isalpha isspace isupper islower isalnum isdecimal isnumeric
/// istitle isascii isprintable isidentifier`.
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
    Capitalize,
    Title,
    Swapcase,
    Casefold,
    Isupper,
    Islower,
    Isalnum,
    Isdecimal,
    Isnumeric,
    Istitle,
    Center,
    Ljust,
    Rjust,
    Partition,
    Rpartition,
    Splitlines,
    Isascii,
    Isprintable,
    Isidentifier,
}

impl StrMethod {
    pub const ALL: [StrMethod; 39] = [
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
        StrMethod::Capitalize,
        StrMethod::Title,
        StrMethod::Swapcase,
        StrMethod::Casefold,
        StrMethod::Isupper,
        StrMethod::Islower,
        StrMethod::Isalnum,
        StrMethod::Isdecimal,
        StrMethod::Isnumeric,
        StrMethod::Istitle,
        StrMethod::Center,
        StrMethod::Ljust,
        StrMethod::Rjust,
        StrMethod::Partition,
        StrMethod::Rpartition,
        StrMethod::Splitlines,
        StrMethod::Isascii,
        StrMethod::Isprintable,
        StrMethod::Isidentifier,
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
            StrMethod::Capitalize => "capitalize",
            StrMethod::Title => "title",
            StrMethod::Swapcase => "swapcase",
            StrMethod::Casefold => "casefold",
            StrMethod::Isupper => "isupper",
            StrMethod::Islower => "islower",
            StrMethod::Isalnum => "isalnum",
            StrMethod::Isdecimal => "isdecimal",
            StrMethod::Isnumeric => "isnumeric",
            StrMethod::Istitle => "istitle",
            StrMethod::Center => "center",
            StrMethod::Ljust => "ljust",
            StrMethod::Rjust => "rjust",
            StrMethod::Partition => "partition",
            StrMethod::Rpartition => "rpartition",
            StrMethod::Splitlines => "splitlines",
            StrMethod::Isascii => "isascii",
            StrMethod::Isprintable => "isprintable",
            StrMethod::Isidentifier => "isidentifier",
        }
    }

    /// Whether the method takes no argument and gives a bool (`isdigit` ...).
    pub fn is_predicate(self) -> bool {
        matches!(
            self,
            StrMethod::Isdigit | StrMethod::Isalpha | StrMethod::Isspace | StrMethod::Isupper | StrMethod::Islower | StrMethod::Isalnum | StrMethod::Isdecimal | StrMethod::Isnumeric | StrMethod::Istitle
                | StrMethod::Isascii
                | StrMethod::Isprintable
                | StrMethod::Isidentifier
        )
    }

    /// Whether the method takes no argument and gives a new string (`upper` ...).
    pub fn is_case_change(self) -> bool {
        matches!(self, StrMethod::Upper | StrMethod::Lower | StrMethod::Capitalize | StrMethod::Title | StrMethod::Swapcase | StrMethod::Casefold)
    }

    pub fn from_name(name: &str) -> Option<StrMethod> {
        StrMethod::ALL.into_iter().find(|m| m.name() == name)
    }
}
