//! What code generation did to each loop, for `f.explain()`: which loops ran in closed form, were
//! unrolled, unswitched or run in parallel, which bounds checks were proven away and which were kept,
//! which addresses were strength-reduced. Loops are listed in source order; a loop emitted more than
//! once (the copies of versioning and unswitching) is listed once, with each remark once.

use hasten_ir::{SourceMap, Span};

#[derive(Default)]
pub(crate) struct Report {
    loops: Vec<LoopNote>,
}

struct LoopNote {
    file: String,
    line: u32,
    col: u32,
    header: String,
    remarks: Vec<String>,
}

impl Report {
    /// The note for the loop whose statement starts at `span`, created on first sight.
    pub(crate) fn open(&mut self, map: &SourceMap, span: Span) -> usize {
        let (line, col) = map.line_col(span.start);
        if let Some(i) = self.loops.iter().position(|l| l.file == map.filename && l.line == line && l.col == col) {
            return i;
        }
        let start = map.source[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
        let end = map.source[start..].find('\n').map_or(map.source.len(), |i| start + i);
        let header = map.source[start..end].trim().to_string();
        self.loops.push(LoopNote { file: map.filename.clone(), line, col, header, remarks: Vec::new() });
        self.loops.len() - 1
    }

    pub(crate) fn remark(&mut self, at: usize, text: String) {
        let note = &mut self.loops[at];
        if !note.remarks.contains(&text) {
            note.remarks.push(text);
        }
    }

    pub(crate) fn render(&self) -> String {
        let mut loops: Vec<&LoopNote> = self.loops.iter().collect();
        loops.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        let mut out = String::new();
        for l in loops {
            out.push_str(&format!("{}:{}: {}\n", l.file, l.line, l.header));
            for r in &l.remarks {
                out.push_str(&format!("    - {r}\n"));
            }
        }
        out
    }
}
