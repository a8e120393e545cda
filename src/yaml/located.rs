//! A YAML (or JSON) document as a tree of nodes that know where they are:
//! their line and byte range in the text. Used to point a finding at the
//! exact line of a key, and to edit a small config file without touching the
//! bytes around the edit. Aliases are kept as aliases, not resolved.

use std::ops::Range;

use crate::yaml::events::{self, At, EventWalk, Slot, Visitor};
use crate::yaml::scalar::ValueStyle;
use crate::yaml::source_error::SourceError;

/// One node of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// 1-based line where the node starts (for a mapping entry's value, the
    /// value's own line).
    pub line: usize,
    /// Byte range in the parsed text. For a block collection, from its first
    /// item to the end of its last one.
    pub range: Range<usize>,
    /// What it is.
    pub kind: NodeKind,
}

/// The kinds of node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A mapping: entries in order, each key with its line and range.
    Map {
        /// Whether it is written between braces.
        flow: bool,
        /// The entries.
        entries: Vec<(Key, Node)>,
    },
    /// A sequence.
    Seq {
        /// Whether it is written between brackets.
        flow: bool,
        /// The items.
        items: Vec<Node>,
    },
    /// A scalar, as its text value.
    Scalar {
        /// The value.
        value: String,
        /// Whether it is a block scalar (`|` or `>`).
        block: bool,
    },
    /// An alias (`*name`).
    Alias,
}

/// A mapping key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key's text (empty for a key that is not a scalar).
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// Byte range in the parsed text.
    pub range: Range<usize>,
}

/// One step of a path into a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// The value under `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The entry (key and value) for `key`.
    pub fn entry(&self, key: &str) -> Option<&(Key, Node)> {
        match &self.kind {
            NodeKind::Map { entries, .. } => entries.iter().find(|(k, _)| k.text == key),
            _ => None,
        }
    }

    /// The scalar's text.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The line of the node at `path`: for a path ending in a key, the key's
    /// line. Stops at the deepest node found.
    pub fn line_of(&self, path: &[Step<'_>]) -> usize {
        let mut node = self;
        let mut line = self.line;
        for step in path {
            match (step, &node.kind) {
                (Step::Key(k), NodeKind::Map { entries, .. }) => {
                    match entries.iter().find(|(key, _)| key.text == *k) {
                        Some((key, value)) => {
                            line = key.line;
                            node = value;
                        }
                        None => break,
                    }
                }
                (Step::Index(i), NodeKind::Seq { items, .. }) => match items.get(*i) {
                    Some(item) => {
                        line = item.line;
                        node = item;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        line
    }
}

/// Parses the first document of `text` into located nodes; `first_line` is
/// the line number of the text's first line. `None` when the text does not
/// parse or has no content.
pub fn parse(text: &str, first_line: usize) -> Option<Node> {
    let mut builder = Builder { root: None };
    EventWalk::any_depth(text, first_line)
        .run(&mut builder)
        .ok()?;
    builder.root
}

/// Builds the tree of the first document as the walk goes: each open
/// mapping or sequence is a [`Frame`] of the walk.
struct Builder {
    root: Option<Node>,
}

impl<'t> Visitor<'t> for Builder {
    type Frame = Frame;

    fn document_end(&mut self) -> Result<bool, SourceError> {
        Ok(self.root.is_none())
    }

    fn node(
        &mut self,
        node: &events::NodeEvent<'t>,
        at: &At,
        _slot: Slot<'t>,
        parent: Option<&mut Frame>,
    ) -> Result<Option<Frame>, SourceError> {
        let (line, range) = (at.line, at.range.clone());
        let kind = match node {
            events::NodeEvent::Mapping { flow } => NodeKind::Map {
                flow: *flow,
                entries: Vec::new(),
            },
            events::NodeEvent::Sequence { flow } => NodeKind::Seq {
                flow: *flow,
                items: Vec::new(),
            },
            events::NodeEvent::Scalar { value, style, .. } => NodeKind::Scalar {
                value: value.to_string(),
                block: matches!(style, ValueStyle::Literal | ValueStyle::Folded),
            },
            events::NodeEvent::Alias => NodeKind::Alias,
        };
        let node = Node { line, range, kind };
        if matches!(node.kind, NodeKind::Map { .. } | NodeKind::Seq { .. }) {
            return Ok(Some(Frame { node, key: None }));
        }
        self.attach(node, parent);
        Ok(None)
    }

    fn end(
        &mut self,
        frame: Frame,
        at: &At,
        parent: Option<&mut Frame>,
    ) -> Result<(), SourceError> {
        let mut node = frame.node;
        let flow = matches!(
            node.kind,
            NodeKind::Map { flow: true, .. } | NodeKind::Seq { flow: true, .. }
        );
        node.range.end = if flow {
            at.range.end
        } else {
            last_end(&node).unwrap_or(node.range.start)
        };
        self.attach(node, parent);
        Ok(())
    }
}

impl Builder {
    /// Adds a finished node to the collection holding it, or makes it the root.
    fn attach(&mut self, node: Node, parent: Option<&mut Frame>) {
        match parent {
            None => self.root = Some(node),
            Some(frame) => frame.push(node),
        }
    }
}

/// A mapping or sequence being built, with the key whose value comes next.
struct Frame {
    node: Node,
    key: Option<Key>,
}

impl Frame {
    fn push(&mut self, node: Node) {
        match &mut self.node.kind {
            NodeKind::Seq { items, .. } => items.push(node),
            NodeKind::Map { entries, .. } => match self.key.take() {
                None => {
                    self.key = Some(Key {
                        text: node.as_str().unwrap_or_default().to_string(),
                        line: node.line,
                        range: node.range,
                    });
                }
                Some(key) => entries.push((key, node)),
            },
            _ => {}
        }
    }
}

fn last_end(node: &Node) -> Option<usize> {
    match &node.kind {
        NodeKind::Map { entries, .. } => entries.last().map(|(_, v)| v.range.end),
        NodeKind::Seq { items, .. } => items.last().map(|v| v.range.end),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_items_and_flow_json() {
        let text = "kind: List\nitems:\n  - kind: Secret\n    stringData:\n      a: b\n  - {kind: Secret, data: {x: eA==}}\n";
        let root = parse(text, 1).unwrap();
        assert_eq!(root.line_of(&[Step::Key("items")]), 2);
        assert_eq!(
            root.line_of(&[Step::Key("items"), Step::Index(0), Step::Key("stringData")]),
            4
        );
        assert_eq!(
            root.line_of(&[Step::Key("items"), Step::Index(1), Step::Key("data")]),
            6
        );
        // A missing key stops at the deepest node found.
        assert_eq!(
            root.line_of(&[Step::Key("items"), Step::Index(1), Step::Key("nope")]),
            6
        );
        let json = "{\n  \"kind\": \"Secret\",\n  \"data\": {\n    \"k\": \"dg==\"\n  }\n}";
        let root = parse(json, 10).unwrap();
        assert_eq!(root.line_of(&[Step::Key("data"), Step::Key("k")]), 13);
        assert_eq!(root.get("kind").unwrap().as_str(), Some("Secret"));
    }

    #[test]
    fn block_collections_end_at_their_last_item() {
        let text = "a:\n  - x\n  - y\nb: 1\n";
        let root = parse(text, 1).unwrap();
        let seq = root.get("a").unwrap();
        assert_eq!(&text[seq.range.clone()], "- x\n  - y");
    }
}
