//! Finds the line and column of a configuration path (`clients[0].sla.targets.P1`) in YAML
//! text, so that errors found after parsing still point at the right place.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A key given twice in one mapping: its path, where it is repeated and where it was first
/// (line and column, 1-based).
pub type Duplicate = (String, (usize, usize), (usize, usize));

/// Line and column (1-based) of every key and value path in one YAML document.
#[derive(Debug, Default)]
pub struct YamlPositions {
    positions: HashMap<String, (usize, usize)>,
    values: HashMap<String, (usize, usize)>,
    /// Keys given twice in one mapping: the path, where it is repeated, where it was first.
    pub duplicates: Vec<Duplicate>,
}

impl YamlPositions {
    /// Indexes `text`; a document that does not parse yields no positions.
    pub fn index(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new(text.chars());
        // Syntax errors are reported by the deserializer, which has their position.
        let _ = parser.load(&mut builder, false);
        Self {
            positions: builder.positions,
            values: builder.values,
            duplicates: builder.duplicates,
        }
    }

    /// The position of the value at `path` (or of its key, or of its closest ancestor).
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        if let Some(position) = self.values.get(path) {
            return Some(*position);
        }
        let mut path = path.to_string();
        loop {
            if let Some(position) = self.positions.get(&path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path.truncate(cut);
        }
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: HashMap<String, (usize, usize)>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    values: HashMap<String, (usize, usize)>,
    duplicates: Vec<Duplicate>,
}

impl Builder {
    fn child_path(&self) -> Option<String> {
        match self.stack.last()? {
            Frame::Map {
                path,
                key: Some(key),
                ..
            } => Some(join(path, key)),
            Frame::Map { key: None, .. } => None,
            Frame::Seq { path, index } => Some(format!("{path}[{index}]")),
        }
    }

    fn record(&mut self, path: String, mark: Marker) {
        self.positions
            .entry(path)
            .or_insert((mark.line(), mark.col() + 1));
    }

    /// Moves the enclosing container past the value just read.
    fn finish_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn start_container(&mut self, mark: Marker, is_map: bool) {
        let path = self.child_path().unwrap_or_default();
        // A mapping's position is that of its first key (libyaml marks block mappings inside
        // sequences after the key); a key that names it has already recorded its own.
        if !path.is_empty() && !is_map {
            self.record(path.clone(), mark);
        }
        self.stack.push(if is_map {
            Frame::Map {
                path,
                key: None,
                seen: HashMap::new(),
            }
        } else {
            Frame::Seq { path, index: 0 }
        });
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    path, key: None, ..
                }) = self.stack.last()
                {
                    let key_path = join(path, &value);
                    if !path.is_empty() {
                        self.record(path.clone(), mark);
                    }
                    self.record(key_path.clone(), mark);
                    let here = (mark.line(), mark.col() + 1);
                    if let Some(Frame::Map { key, seen, .. }) = self.stack.last_mut() {
                        if let Some(&first) = seen.get(&value) {
                            self.duplicates.push((key_path, here, first));
                        } else {
                            seen.insert(value.clone(), here);
                        }
                        *key = Some(value);
                    }
                } else {
                    if let Some(path) = self.child_path() {
                        self.values
                            .entry(path.clone())
                            .or_insert((mark.line(), mark.col() + 1));
                        self.record(path, mark);
                    }
                    self.finish_value();
                }
            }
            Event::Alias(_) => self.finish_value(),
            Event::MappingStart(..) => self.start_container(mark, true),
            Event::SequenceStart(..) => self.start_container(mark, false),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finish_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_list_items() {
        let text = "msp:\n  name: X\nclients:\n  - id: a\n    sla:\n      targets:\n        P1: {response: 15m}\n  - id: b\n";
        let positions = YamlPositions::index(text);
        assert_eq!(positions.find("clients[0].sla.targets.P1"), Some((7, 9)));
        // A scalar's own position is its value's.
        assert_eq!(
            positions.find("clients[0].sla.targets.P1.response"),
            Some((7, 24))
        );
        assert_eq!(positions.find("msp.name"), Some((2, 9)));
        assert_eq!(positions.find("clients[1].id"), Some((8, 9)));
        // Unknown paths fall back to their closest ancestor.
        assert_eq!(positions.find("clients[1].nothing.here"), Some((8, 5)));
        assert!(positions.duplicates.is_empty());
    }

    #[test]
    fn finds_keys_given_twice() {
        let text = "sla:\n  targets:\n    P2: {a: 1}\n    P3: {a: 2}\n    P2: {a: 3}\nvalues:\n  - {x: 1, x: 2}\n";
        let positions = YamlPositions::index(text);
        assert_eq!(
            positions.duplicates,
            vec![
                ("sla.targets.P2".to_string(), (5, 5), (3, 5)),
                ("values[0].x".to_string(), (7, 12), (7, 6)),
            ]
        );
    }
}
