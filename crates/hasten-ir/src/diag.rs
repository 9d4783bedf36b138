//! Source locations and compile-time diagnostics, rendered in the style of rustc.

use crate::program::FuncId;
use std::fmt;
use std::sync::OnceLock;

/// Byte range into a function's dedented source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
}

/// Maps spans of one function back to its file. The function's text was dedented by `indent`
/// columns and starts at line `first_line` of `filename`.
#[derive(Clone, Debug)]
pub struct SourceMap {
    pub filename: String,
    pub source: String,
    pub first_line: u32,
    pub indent: u32,
    /// Where each line of `source` starts, found on first use: every raise site renders its
    /// location, so a scan from the start each time made large functions quadratic to compile.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceMap {
    pub fn new(filename: String, source: String, first_line: u32, indent: u32) -> SourceMap {
        SourceMap { filename, source, first_line, indent, line_starts: OnceLock::new() }
    }

    /// 1-based line and column in the original file.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = (offset as usize).min(self.source.len());
        let starts = self.line_starts.get_or_init(|| std::iter::once(0).chain(self.source.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let col = self.source[starts[line]..offset].chars().count() as u32;
        (self.first_line + line as u32, col + 1 + self.indent)
    }

    fn line_text(&self, offset: u32) -> (&str, usize) {
        let offset = (offset as usize).min(self.source.len());
        let start = self.source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.source[offset..].find('\n').map_or(self.source.len(), |i| offset + i);
        (&self.source[start..end], start)
    }

    /// `path:line:col`, the source line, and a caret line under the span (clipped to its first line).
    pub fn render_location(&self, span: Span) -> String {
        let (line, col) = self.line_col(span.start);
        let (text, line_start) = self.line_text(span.start);
        let gutter = " ".repeat(line.to_string().len());
        let lead = self.source[line_start..span.start as usize].chars().count();
        let visible_end = (span.end as usize).min(line_start + text.len()).max(span.start as usize);
        let width = self.source[span.start as usize..visible_end].chars().count().max(1);
        let pad = " ".repeat(self.indent as usize);
        format!(
            "  --> {}:{line}:{col}\n{gutter} |\n{line} | {pad}{text}\n{gutter} | {pad}{}{}",
            self.filename,
            " ".repeat(lead),
            "^".repeat(width)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The program is well formed but its types do not fit together.
    Typing,
    /// The program uses something hasten does not compile.
    Unsupported,
    /// A bug in hasten (a broken invariant or a panic), never the user's code.
    Internal,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub kind: ErrorKind,
    pub message: String,
    pub span: Option<Span>,
    pub notes: Vec<String>,
    /// Filled in by the driver once the function the error belongs to is known.
    pub rendered_location: Option<String>,
    /// The function whose source `span` points into, once an error leaves that function's
    /// checking (an error in a callee surfaces while its caller is checked).
    pub func: Option<FuncId>,
}

impl Diagnostic {
    pub fn typing(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            kind: ErrorKind::Typing,
            message: message.into(),
            span: Some(span),
            notes: Vec::new(),
            rendered_location: None,
            func: None,
        }
    }

    pub fn unsupported(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic { kind: ErrorKind::Unsupported, ..Diagnostic::typing(message, span) }
    }

    /// A bug in hasten, with a request to report it.
    pub fn internal(message: impl Into<String>) -> Diagnostic {
        let message = format!("internal compiler error: {}; please report it", message.into());
        Diagnostic { kind: ErrorKind::Internal, span: None, ..Diagnostic::typing(message, Span::default()) }
    }

    /// Says which function the span points into, unless an inner call already did.
    pub fn in_function(mut self, func: FuncId) -> Diagnostic {
        self.func.get_or_insert(func);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Attaches the location, once, from the function the span belongs to.
    pub fn locate(mut self, map: &SourceMap) -> Diagnostic {
        if self.rendered_location.is_none() {
            if let Some(span) = self.span {
                self.rendered_location = Some(map.render_location(span));
            }
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Typing => "TypingError",
            ErrorKind::Unsupported => "UnsupportedError",
            ErrorKind::Internal => "InternalError",
        };
        write!(f, "error[{kind}]: {}", self.message)?;
        if let Some(loc) = &self.rendered_location {
            write!(f, "\n{loc}")?;
        }
        // rustc lines up the `=` of a note with the `|` of the source gutter.
        let gutter = self
            .rendered_location
            .as_deref()
            .and_then(|l| l.lines().nth(1))
            .map_or(2, |line| line.len() - line.trim_start().len());
        for note in &self.notes {
            write!(f, "\n{}= note: {note}", " ".repeat(gutter))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters_before_the_offset() {
        let source = "def f(a):\n    é = a\n\n    return é\n";
        let map = SourceMap::new("m.py".into(), source.into(), 3, 2);
        for (offset, _) in source.char_indices().chain([(source.len(), ' ')]) {
            let before = &source[..offset];
            let line = before.matches('\n').count() as u32;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() as u32;
            assert_eq!(map.line_col(offset as u32), (3 + line, col + 1 + 2), "offset {offset}");
        }
    }

    #[test]
    fn renders_caret_under_span_with_original_columns() {
        let map = SourceMap::new("m.py".into(), "def f(a):\n    return a + x\n".into(), 10, 4);
        let start = map.source.find("a + x").unwrap() as u32;
        let text = map.render_location(Span::new(start, start + 5));
        assert!(text.starts_with("  --> m.py:11:16\n"), "{text}");
        assert!(text.ends_with("|                ^^^^^"), "{text}");
    }
}
