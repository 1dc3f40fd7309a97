//! The SDM's Markdown commentary, reduced to plain blocks of text runs. Templates render the runs
//! as data (escaped in HTML, passed as strings to typst), so nothing in the commentary — HTML,
//! typst syntax, scripts — can become markup.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A run of text with its emphasis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Run {
    /// The text, verbatim.
    pub text: String,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emph: bool,
    /// Inline code.
    pub code: bool,
    /// A link target (http, https or mailto only).
    pub link: Option<String>,
}

/// A block of the commentary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// `paragraph`, `heading`, `bullets`, `numbers`, `quote`.
    pub kind: &'static str,
    /// Heading level (1–3), for headings.
    pub level: u8,
    /// Text of a paragraph, heading or quote.
    pub runs: Vec<Run>,
    /// Items of a list, each a line of runs.
    pub items: Vec<Vec<Run>>,
}

#[derive(Default)]
struct Style {
    strong: u32,
    emph: u32,
    link: Option<String>,
}

fn safe_link(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        .then(|| url.trim().to_string())
}

/// Parses Markdown into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut items: Vec<Vec<Run>> = Vec::new();
    let mut style = Style::default();
    let mut list: Option<&'static str> = None;
    let mut list_depth = 0;
    let mut quote = false;
    let push_text = |runs: &mut Vec<Run>, style: &Style, text: &str, code: bool| {
        let run = Run {
            text: text.to_string(),
            strong: style.strong > 0,
            emph: style.emph > 0,
            code,
            link: style.link.clone(),
        };
        match runs.last_mut() {
            Some(last)
                if last.strong == run.strong
                    && last.emph == run.emph
                    && last.code == run.code
                    && last.link == run.link =>
            {
                last.text.push_str(text)
            }
            _ => runs.push(run),
        }
    };
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Paragraph) if list.is_none() => {
                runs.clear()
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                blocks.push(Block {
                    kind: "heading",
                    level,
                    runs: std::mem::take(&mut runs),
                    items: Vec::new(),
                });
            }
            Event::End(TagEnd::Paragraph) => {
                if list.is_none() {
                    let kind = if quote { "quote" } else { "paragraph" };
                    blocks.push(Block {
                        kind,
                        level: 0,
                        runs: std::mem::take(&mut runs),
                        items: Vec::new(),
                    });
                } else {
                    push_text(&mut runs, &style, " ", false);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote = true,
            Event::End(TagEnd::BlockQuote(_)) => quote = false,
            Event::Start(Tag::List(start)) => {
                list_depth += 1;
                if list_depth == 1 {
                    list = Some(if start.is_some() {
                        "numbers"
                    } else {
                        "bullets"
                    });
                    items.clear();
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                if list_depth == 0 {
                    blocks.push(Block {
                        kind: list.take().unwrap_or("bullets"),
                        level: 0,
                        runs: Vec::new(),
                        items: std::mem::take(&mut items),
                    });
                }
            }
            Event::Start(Tag::Item) => {
                if list_depth == 1 {
                    runs.clear();
                } else {
                    push_text(&mut runs, &style, " — ", false);
                }
            }
            Event::End(TagEnd::Item) if list_depth == 1 => {
                let mut line = std::mem::take(&mut runs);
                if let Some(last) = line.last_mut() {
                    last.text = last.text.trim_end().to_string();
                }
                items.push(line);
            }
            Event::Start(Tag::Strong) => style.strong += 1,
            Event::End(TagEnd::Strong) => style.strong = style.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => style.emph += 1,
            Event::End(TagEnd::Emphasis) => style.emph = style.emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => style.link = safe_link(&dest_url),
            Event::End(TagEnd::Link) => style.link = None,
            Event::Text(text) => push_text(&mut runs, &style, &text, false),
            Event::Code(text) => push_text(&mut runs, &style, &text, true),
            // Raw HTML in the commentary is shown as the text it is, never interpreted.
            Event::Html(text) | Event::InlineHtml(text) => {
                push_text(&mut runs, &style, &text, false)
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut runs, &style, " ", false),
            _ => {}
        }
    }
    if !runs.is_empty() {
        blocks.push(Block {
            kind: "paragraph",
            level: 0,
            runs,
            items: Vec::new(),
        });
    }
    blocks.retain(|b| !b.runs.iter().all(|r| r.text.trim().is_empty()) || !b.items.is_empty());
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_runs() {
        let blocks = parse(
            "# Highlights\n\nP1 handling was **excellent** and *fast*.\n\n- first\n- second `code`\n\n1. one\n",
        );
        assert_eq!(blocks.len(), 4);
        assert_eq!(blocks[0].kind, "heading");
        assert_eq!(
            blocks[1].runs[1],
            Run {
                text: "excellent".into(),
                strong: true,
                ..Default::default()
            }
        );
        assert_eq!(blocks[2].kind, "bullets");
        assert_eq!(blocks[2].items.len(), 2);
        assert_eq!(blocks[2].items[1][1].text, "code");
        assert_eq!(blocks[3].kind, "numbers");
    }

    #[test]
    fn markup_stays_text() {
        let blocks = parse(
            "Hello <script>alert(1)</script> #set page(width: 1cm) $x$ [link](javascript:alert(1))",
        );
        let text: String = blocks[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert!(text.contains("<script>alert(1)</script>"), "{text}");
        assert!(text.contains("#set page(width: 1cm) $x$"), "{text}");
        assert!(blocks[0].runs.iter().all(|r| r.link.is_none()));
    }
}
