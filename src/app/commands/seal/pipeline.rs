//! Sealing one stream of documents, in order, on every core: a whole input
//! ([`seal_input`]) or a long stream read a segment at a time
//! ([`crate::io::stream`]), with the same output either way.

use crate::core::certificate::Certificate;
use crate::core::manifest::{Format, Manifest};
use crate::core::sealing::SealParams;
use crate::error::Result;
use crate::io::stream::Segments;
use crate::limits::MAX_DOCUMENTS;
use crate::yaml::source_error::SourceError;

use super::comments::{Before, comments_between};
use super::{SecretCount, check_output_size, seal_span};

/// How many sealed documents may wait to be written, at most: enough that
/// no core waits for a slow document before it, few enough that memory
/// holds a window of the stream, not the stream.
const WINDOW_DOCUMENTS: usize = 256;

/// Seals every Secret of one input; every other document passes through, in
/// order. Documents are parsed, sealed and rendered on every core (a lone
/// document's items are shared out instead), and written in input order as
/// they are done: the output does not depend on the number of threads, and
/// memory holds a window of documents, not the stream. The first failure
/// in input order is returned; the documents before it were already given
/// to `write` (callers writing files commit nothing on failure).
pub(crate) fn seal_input(
    input: &Manifest,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<SecretCount> {
    seal_stream(input, input.text.len(), None, format, params, cert, write)
}

/// [`seal_input`] over a stream whose first segment was read already
/// (`first`, its part of the stream ending at `first_end`), reading the
/// rest from `rest` a segment at a time: memory holds a segment and a
/// window of documents, however long the stream.
pub(crate) fn seal_stream(
    first: &Manifest,
    first_end: usize,
    rest: Option<&mut Segments>,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<SecretCount> {
    let mut sealer = StreamSealer::new(format, params, cert);
    sealer.segment(first, first_end, write)?;
    if let Some(rest) = rest {
        while let Some(segment) = rest.next_segment()? {
            let input = Manifest::segment(segment.input, segment.first_line);
            sealer.segment(&input, segment.content_end, write)?;
        }
    }
    sealer.finish(write)
}

/// What sealing a stream carries from one segment to the next.
struct StreamSealer<'a> {
    format: Format,
    params: &'a SealParams,
    cert: &'a Certificate,
    /// Whether comments between documents are kept (YAML stays YAML).
    comments: bool,
    /// Documents so far, against [`MAX_DOCUMENTS`].
    documents: usize,
    /// Values of the documents written so far, against the input's budget.
    nodes: usize,
    found: SecretCount,
    /// Bytes written so far: what is written must read back.
    written: u64,
    /// The text since the last document (comments, markers), not yet
    /// written: a gap between documents can span two segments.
    gap: String,
    before: Before,
}

impl<'a> StreamSealer<'a> {
    fn new(format: Format, params: &'a SealParams, cert: &'a Certificate) -> Self {
        StreamSealer {
            format,
            params,
            cert,
            comments: false,
            documents: 0,
            nodes: 0,
            found: SecretCount::default(),
            written: 0,
            gap: String::new(),
            before: Before::Start,
        }
    }

    /// Seals the documents of `input` (a whole input, or one segment of a
    /// stream, whose part ends at `content_end`) and writes them in order.
    fn segment(
        &mut self,
        input: &Manifest,
        content_end: usize,
        write: &mut dyn FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let mut spans = input.spans_parallel()?;
        if self.documents + spans.len() > MAX_DOCUMENTS {
            let over = spans[MAX_DOCUMENTS - self.documents];
            return Err(input.syntax_error(SourceError::TooManyDocuments {
                line: over.line,
                max: MAX_DOCUMENTS,
            }));
        }
        for span in &mut spans {
            span.index += self.documents;
        }
        self.documents += spans.len();
        let alone = spans.len() == 1;
        self.comments = input.format == Format::Yaml && self.format == Format::Yaml;
        let (format, params, cert) = (self.format, self.params, self.cert);
        let mut gap_start = 0;
        crate::io::ordered::for_each(
            &spans,
            WINDOW_DOCUMENTS,
            |span| seal_span(input, span, format, params, cert, alone),
            |span, sealed| {
                let (texts, values, seen) = sealed?;
                self.nodes += values;
                self.found.add(seen);
                input.check_total_nodes(self.nodes, span)?;
                if self.comments {
                    self.gap.push_str(&input.text[gap_start..span.start]);
                    let kept = comments_between(&self.gap, self.before, false);
                    self.gap.clear();
                    self.written += kept.len() as u64;
                    write(&kept)?;
                }
                gap_start = span.end;
                self.before = if seen.secrets > 0 {
                    Before::Sealed
                } else {
                    Before::Passed
                };
                for text in &texts {
                    self.written += text.len() as u64;
                    check_output_size(input, span, text.len(), self.written)?;
                    write(text)?;
                }
                Ok::<(), crate::error::Error>(())
            },
        )?;
        if self.comments {
            self.gap.push_str(&input.text[gap_start..content_end]);
        }
        Ok(())
    }

    /// Writes the comments after the last document; what the stream held.
    fn finish(self, write: &mut dyn FnMut(&str) -> Result<()>) -> Result<SecretCount> {
        if self.comments && self.before != Before::Start {
            write(&comments_between(&self.gap, self.before, true))?;
        }
        Ok(self.found)
    }
}
