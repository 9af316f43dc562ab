//! Rich text inside a text element: runs of text sharing the same marks (bold, italic,
//! underline, a link), and the kernel that turns a wanted text into the fewest edits of the
//! stored one, so that two peers editing one paragraph merge instead of overwriting each other.
//!
//! A text element's `content` is a Y.Text (`document.rs`): its characters are the plain text
//! (a line break is `\n`), its formatting attributes the marks below. [`crate::Element::content`]
//! is always that plain text, and [`crate::Element::runs`] the formatted runs when any mark is
//! set (empty when the text is plain, as every document written before rich text reads).
//!
//! | mark | Y.Text attribute | HTML |
//! |---|---|---|
//! | bold | `bold: true` | `<strong>` |
//! | italic | `italic: true` | `<em>` |
//! | underline | `underline: true` | `<u>` |
//! | link | `link: "<href>"` (a link: `source::check_link`) | `<a href>` |
//! | line break | the character `\n` | `<br>` |
//!
//! Nested in the export as `<a><strong><em><u>text</u></em></strong></a>`, in that order.

use serde::{Deserialize, Serialize};

use crate::error::EngineError;

/// Longest text, in UTF-8 bytes (the limit of any element's content).
pub const MAX_TEXT_BYTES: usize = crate::plan::MAX_CONTENT_BYTES;

/// The formatting attributes a text may carry; any other is refused on every way in.
pub const MARKS: [&str; 4] = ["bold", "italic", "underline", "link"];

/// A run of text with the same marks.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The text; `\n` is a line break.
    pub text: String,
    /// `<strong>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub bold: bool,
    /// `<em>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub italic: bool,
    /// `<u>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub underline: bool,
    /// `<a href>`: where the link goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub link: Option<String>,
}

/// The marks of a run, without its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underline.
    pub underline: bool,
    /// A link's address.
    pub link: Option<String>,
}

impl Marks {
    /// Whether no mark is set.
    pub fn is_plain(&self) -> bool {
        *self == Marks::default()
    }

    /// The attribute changes that turn `self` into `to`: each key with its new value (`None`
    /// removes it).
    pub fn changes_to(&self, to: &Marks) -> Vec<(&'static str, Option<MarkValue>)> {
        let mut out = Vec::new();
        for (key, was, now) in [
            ("bold", self.bold, to.bold),
            ("italic", self.italic, to.italic),
            ("underline", self.underline, to.underline),
        ] {
            if was != now {
                out.push((key, now.then_some(MarkValue::On)));
            }
        }
        if self.link != to.link {
            out.push(("link", to.link.clone().map(MarkValue::Link)));
        }
        out
    }

    /// Every mark set, with its value (what a fresh insert carries).
    pub fn attributes(&self) -> Vec<(&'static str, MarkValue)> {
        Marks::default()
            .changes_to(self)
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect()
    }
}

/// The value of a set mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkValue {
    /// `true` (bold, italic, underline).
    On,
    /// A link's address.
    Link(String),
}

impl Run {
    /// Its marks.
    pub fn marks(&self) -> Marks {
        Marks {
            bold: self.bold,
            italic: self.italic,
            underline: self.underline,
            link: self.link.clone(),
        }
    }

    /// A run of `text` with `marks`.
    pub fn new(text: impl Into<String>, marks: &Marks) -> Self {
        Run {
            text: text.into(),
            bold: marks.bold,
            italic: marks.italic,
            underline: marks.underline,
            link: marks.link.clone(),
        }
    }
}

/// The plain text of runs.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// Runs as stored: empty runs dropped, neighbours with the same marks joined, and no runs at
/// all when nothing is formatted (the text is then the element's `content` alone).
pub fn normalize(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.into_iter().filter(|r| !r.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.marks() == run.marks() => last.text.push_str(&run.text),
            _ => out.push(run),
        }
    }
    if out.iter().all(|r| r.marks().is_plain()) {
        out.clear();
    }
    out
}

/// The runs of an element's text: its `runs`, or its `content` as one plain run.
pub fn runs_of(content: &str, runs: &[Run]) -> Vec<Run> {
    if runs.is_empty() {
        vec![Run::new(content, &Marks::default())]
    } else {
        runs.to_vec()
    }
}

/// Checks every mark of `runs` as any way in must: each link an address a link element could
/// carry (`http(s)`, a site path, `mailto:`, `tel:`, a fragment).
pub fn check_runs(element: Option<&str>, runs: &[Run]) -> Result<(), EngineError> {
    for run in runs {
        if let Some(href) = &run.link {
            crate::source::check_link(element, href)?;
        }
    }
    Ok(())
}

/// `text` with the marks of `old` kept where the characters did not change (the common start
/// and end), and no mark on what is new: a plain `set_content` on a formatted text.
pub fn with_text(old: &[Run], text: &str) -> Vec<Run> {
    let old_chars = chars(old);
    let new: Vec<char> = text.chars().collect();
    let (prefix, suffix) =
        common_ends(&old_chars.iter().map(|(c, _)| *c).collect::<Vec<_>>(), &new);
    let plain_marks = Marks::default();
    let mut runs: Vec<Run> = Vec::new();
    for (i, c) in new.iter().enumerate() {
        let marks = if i < prefix {
            old_chars[i].1.clone()
        } else if i >= new.len() - suffix {
            old_chars[old_chars.len() - (new.len() - i)].1.clone()
        } else {
            plain_marks.clone()
        };
        runs.push(Run::new(c.to_string(), &marks));
    }
    normalize(runs)
}

/// One edit of a stored Y.Text, offsets in UTF-8 bytes of the text as the edits before it left
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Set or remove marks on `len` bytes at `at`.
    Format {
        /// Where.
        at: u32,
        /// How many bytes.
        len: u32,
        /// Each changed mark and its new value (`None` removes it).
        changes: Vec<(&'static str, Option<MarkValue>)>,
    },
    /// Remove `len` bytes at `at`.
    Delete {
        /// Where.
        at: u32,
        /// How many bytes.
        len: u32,
    },
    /// Insert `text` with exactly `marks` at `at`.
    Insert {
        /// Where.
        at: u32,
        /// What.
        text: String,
        /// Its marks (nothing is inherited from the neighbours).
        marks: Marks,
    },
}

fn chars(runs: &[Run]) -> Vec<(char, Marks)> {
    runs.iter()
        .flat_map(|r| {
            let marks = r.marks();
            r.text.chars().map(move |c| (c, marks.clone()))
        })
        .collect()
}

/// How many characters `a` and `b` share at their start, then at their end (not overlapping).
fn common_ends(a: &[char], b: &[char]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rest = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// Format edits for a stretch of unchanged characters: one per maximal span whose marks change
/// the same way. `at` is the byte offset of the stretch's first character.
fn format_edits(old: &[(char, Marks)], new: &[(char, Marks)], mut at: u32, out: &mut Vec<Edit>) {
    let mut open: Option<Edit> = None;
    for ((c, was), (_, now)) in old.iter().zip(new) {
        let width = c.len_utf8() as u32;
        let changes = was.changes_to(now);
        match &mut open {
            Some(Edit::Format {
                len,
                changes: open_changes,
                ..
            }) if *open_changes == changes => *len += width,
            _ => {
                if let Some(edit) = open.take() {
                    out.push(edit);
                }
                if !changes.is_empty() {
                    open = Some(Edit::Format {
                        at,
                        len: width,
                        changes,
                    });
                }
            }
        }
        at += width;
    }
    out.extend(open);
}

/// The edits that turn the stored text `old` into `new`: the changed middle deleted and
/// inserted, marks changed where the characters stayed. Characters outside the middle are
/// never rewritten, so a peer's concurrent typing there survives the merge.
pub fn plan_edits(old: &[Run], new: &[Run]) -> Vec<Edit> {
    let old = chars(old);
    let new = chars(new);
    let (prefix, suffix) = common_ends(
        &old.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        &new.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
    );
    let bytes = |s: &[(char, Marks)]| s.iter().map(|(c, _)| c.len_utf8() as u32).sum::<u32>();
    let mut edits = Vec::new();
    format_edits(&old[..prefix], &new[..prefix], 0, &mut edits);
    let at = bytes(&old[..prefix]);
    let old_middle = &old[prefix..old.len() - suffix];
    let new_middle = &new[prefix..new.len() - suffix];
    if !old_middle.is_empty() {
        edits.push(Edit::Delete {
            at,
            len: bytes(old_middle),
        });
    }
    let mut cursor = at;
    let mut start = 0;
    while start < new_middle.len() {
        let marks = &new_middle[start].1;
        let end = new_middle[start..]
            .iter()
            .position(|(_, m)| m != marks)
            .map_or(new_middle.len(), |n| start + n);
        let text: String = new_middle[start..end].iter().map(|(c, _)| *c).collect();
        let len = text.len() as u32;
        edits.push(Edit::Insert {
            at: cursor,
            text,
            marks: marks.clone(),
        });
        cursor += len;
        start = end;
    }
    format_edits(
        &old[old.len() - suffix..],
        &new[new.len() - suffix..],
        cursor,
        &mut edits,
    );
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(text: &str) -> Run {
        Run {
            text: text.into(),
            bold: true,
            ..Run::default()
        }
    }

    fn plain_run(text: &str) -> Run {
        Run::new(text, &Marks::default())
    }

    #[test]
    fn typing_in_the_middle_inserts_only_what_is_new() {
        let edits = plan_edits(&[plain_run("Hello world")], &[plain_run("Hello big world")]);
        assert_eq!(
            edits,
            vec![Edit::Insert {
                at: 6,
                text: "big ".into(),
                marks: Marks::default()
            }]
        );
    }

    #[test]
    fn bolding_a_word_formats_it_and_writes_no_text() {
        let edits = plan_edits(
            &[plain_run("Hello world")],
            &[plain_run("Hello "), bold("world")],
        );
        assert_eq!(
            edits,
            vec![Edit::Format {
                at: 6,
                len: 5,
                changes: vec![("bold", Some(MarkValue::On))]
            }]
        );
    }

    #[test]
    fn offsets_count_utf8_bytes() {
        let edits = plan_edits(&[plain_run("héllo")], &[plain_run("héllo!")]);
        assert_eq!(
            edits,
            vec![Edit::Insert {
                at: 6,
                text: "!".into(),
                marks: Marks::default()
            }]
        );
    }

    #[test]
    fn a_plain_text_has_no_runs() {
        assert!(normalize(vec![plain_run("a"), plain_run("b")]).is_empty());
        assert_eq!(
            normalize(vec![bold("a"), bold("b"), plain_run("")]),
            vec![bold("ab")]
        );
    }

    #[test]
    fn set_content_keeps_the_marks_of_unchanged_text() {
        let runs = with_text(&[plain_run("Hi "), bold("there")], "Hi you there");
        assert_eq!(runs, vec![plain_run("Hi you "), bold("there")]);
    }
}
