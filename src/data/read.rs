//! Reading one export file (CSV — any delimiter, BOM, CRLF, gzip — Parquet or JSON) into polars
//! frames holding only the mapped columns, with each row's number in the file. A CSV ticket
//! export is read in pieces of `CSV_PIECE_BYTES`, each cut at a record boundary, so that memory
//! holds one piece of it at a time, never the whole file.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use polars::prelude::*;
use polars_io::csv::read::{CsvReadOptions, NullValues};
use polars_io::parquet::read::ParquetReader;
use polars_io::prelude::SerReader;
use sha2::{Digest as _, Sha256};

use crate::config::{Field, FileFormat, SourceOptions, suggest};

/// Name of the row-number column added to every raw frame.
pub const ROW_COLUMN: &str = "__row";

/// Rows of an export file read into memory: the whole file, or one piece of a CSV.
pub struct RawTable {
    /// Mapped columns (export names), plus `__row`.
    pub frame: DataFrame,
    /// Rows that could not be read, with their row number and why (each one row, the rest of
    /// the file is read).
    pub bad_rows: Vec<(u64, String)>,
    /// The first piece of a file read in pieces: about how many rows the whole file holds
    /// (its size over the piece's bytes per row), to make room for them once.
    pub rows_expected: Option<usize>,
}

/// What identifies the bytes of an export file once it is read.
pub struct FileDigest {
    /// sha256 of the bytes on disk.
    pub sha256: String,
    /// Size on disk.
    pub bytes: u64,
}

/// The largest export file read (on disk, and once decompressed): 4 GiB.
pub const MAX_EXPORT_BYTES: u64 = 4 << 30;
/// The largest expansion of a gzip-compressed export: real exports compress 5–20 times; a file
/// that expands more is refused before it can fill the memory (a "zip bomb").
pub const MAX_GZIP_RATIO: u64 = 50;
/// How much of a CSV ticket export is parsed at a time (a record longer than this is read
/// whole): 32 MiB, some 150,000 tickets of a typical export.
pub const CSV_PIECE_BYTES: usize = 32 << 20;

/// The longest header row of a CSV export: 64 KiB (some 2,000 column names).
pub const MAX_HEADER_BYTES: usize = 64 << 10;

/// The piece size set for this process by `set_csv_piece_bytes` (0: none).
static PIECE_BYTES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Sets the piece size of this process (0: back to the default), for tests that read the same
/// export in pieces and whole.
pub fn set_csv_piece_bytes(bytes: usize) {
    PIECE_BYTES.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// The piece size in use: the one set for the process, else `REVIEWPACK_CSV_PIECE_BYTES` (the
/// tests read small files in many pieces with it), else `CSV_PIECE_BYTES`; at least 1 kB.
fn csv_piece_bytes() -> usize {
    let set = PIECE_BYTES.load(std::sync::atomic::Ordering::Relaxed);
    if set > 0 {
        return set.max(1024);
    }
    std::env::var("REVIEWPACK_CSV_PIECE_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(CSV_PIECE_BYTES, |n| n.max(1024))
}

/// Reads `path` for `source`, keeping the mapped columns, and hands its rows to `each`: a CSV
/// `in_pieces` piece by piece (otherwise as one piece), a JSON or Parquet file whole.
pub fn read_table(
    source: &SourceOptions,
    path: &Path,
    label: &str,
    in_pieces: bool,
    each: &mut dyn FnMut(RawTable) -> Result<()>,
) -> Result<FileDigest> {
    let format = source
        .format
        .unwrap_or_else(|| format_from_name(&path.to_string_lossy()));
    if format == FileFormat::Csv {
        // One way to read a CSV: a file read whole is one piece as long as the file.
        let piece_bytes = if in_pieces {
            csv_piece_bytes()
        } else {
            usize::MAX
        };
        return read_csv_in_pieces(source, path, label, piece_bytes, each);
    }
    let stored = read_bounded(path, label, &source.name)?;
    let digest = FileDigest {
        sha256: format!("{:x}", Sha256::digest(&stored)),
        bytes: stored.len() as u64,
    };
    let data = decoded(stored, label, &format!(" (source `{}`)", source.name))?;
    let mut frame = if format == FileFormat::Parquet {
        read_parquet(source, data, label)?
    } else {
        refuse_binary_text(&data, label, &source.name)?;
        super::json::read_json(source, &data, label)?
    };
    combine_columns(source, &mut frame)?;
    each(RawTable {
        frame,
        bad_rows: Vec::new(),
        rows_expected: None,
    })?;
    Ok(digest)
}

/// A reader that hashes and counts the bytes read through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Reads a CSV export piece by piece: each piece is the header and the next whole records of
/// about `piece_bytes`, parsed as a file of its own, its row numbers those of the file.
fn read_csv_in_pieces(
    source: &SourceOptions,
    path: &Path,
    label: &str,
    piece_bytes: usize,
    each: &mut dyn FnMut(RawTable) -> Result<()>,
) -> Result<FileDigest> {
    let (file, stored_len) = open_bounded(path, label, &source.name)?;
    let mut stored = Hashing {
        inner: file.take(MAX_EXPORT_BYTES + 1),
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut head = Vec::with_capacity(4);
    (&mut stored)
        .take(4)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read `{label}` (source `{}`)", source.name))?;
    let whose = format!(" (source `{}`)", source.name);
    refuse_zip(&head, label, &whose)?;
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    let limit = if gzip {
        stored_len
            .saturating_mul(MAX_GZIP_RATIO)
            .min(MAX_EXPORT_BYTES)
    } else {
        MAX_EXPORT_BYTES
    };
    {
        let chained = Cursor::new(head).chain(&mut stored);
        let decoded: Box<dyn Read + '_> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(chained))
        } else {
            Box::new(chained)
        };
        let mut input = decoded.take(limit + 1);
        let mut total: u64 = 0;
        // The buffer always begins with the header: a piece is handed on as it is, without
        // a copy, and what follows its last record starts the next buffer behind the header.
        let capacity = piece_bytes.min(usize::try_from(stored_len).unwrap_or(usize::MAX)) + 4096;
        let mut buffer: Vec<u8> = Vec::with_capacity(capacity);
        let mut header_len: Option<usize> = None;
        let mut records_before: u64 = 0;
        let mut target = piece_bytes;
        loop {
            let want =
                (header_len.unwrap_or(0).saturating_add(target)).saturating_sub(buffer.len());
            let got = (&mut input)
                .take(want as u64)
                .read_to_end(&mut buffer)
                .with_context(|| {
                    if gzip {
                        format!("`{label}` looks gzip-compressed but does not decompress")
                    } else {
                        format!("cannot read `{label}`{whose}")
                    }
                })?;
            total += got as u64;
            if total > limit {
                if gzip {
                    bail!(gzip_bomb(label, limit, stored_len));
                }
                bail!(
                    "`{label}`{whose} grew past {} MB while being read",
                    MAX_EXPORT_BYTES >> 20
                );
            }
            let end = got < want;
            let header = match header_len {
                Some(header) => header,
                None => {
                    if buffer.starts_with(b"\xef\xbb\xbf") {
                        buffer.drain(..3);
                    }
                    if !end && buffer.iter().all(|b| b.is_ascii_whitespace()) {
                        target = target.saturating_add(piece_bytes);
                        continue;
                    }
                    refuse_binary_text(&buffer, label, &source.name)?;
                    check_csv_header(source, &buffer, label)?;
                    let end = header_end(&buffer, source.delimiter, source.quote)
                        .with_context(|| format!("`{label}`: the CSV does not parse"))?;
                    *header_len.insert(end)
                }
            };
            let body = &buffer[header..];
            let (cut, records) = if end {
                (body.len(), 0)
            } else {
                record_cut(body, source.delimiter, source.quote)
            };
            if cut == 0 && !end {
                // One record longer than a piece: read on until it ends.
                target = body.len().saturating_add(piece_bytes);
                continue;
            }
            // Blank lines where a piece begins would read as a row right after its header.
            let blank = body[..cut].iter().position(|b| *b != b'\n').unwrap_or(cut);
            if blank > 0 {
                buffer.drain(header..header + blank);
            }
            let rest = buffer.split_off(header + cut - blank);
            let piece = std::mem::replace(&mut buffer, Vec::with_capacity(capacity));
            buffer.extend_from_slice(&piece[..header]);
            buffer.extend_from_slice(&rest);
            drop(rest);
            target = piece_bytes;
            if records_before > 0 {
                refuse_binary_text_from(&piece, label, &source.name, records_before)?;
            }
            let piece_len = piece.len();
            let (mut frame, bad_rows) = read_csv(source, piece, label, records_before)?;
            combine_columns(source, &mut frame)?;
            // A plain file's size is its text's; a gzip file's is not known before its end.
            let rows_expected = (records_before == 0 && !end && !gzip && records > 0)
                .then(|| (stored_len as f64 / piece_len as f64 * records as f64 * 1.02) as usize);
            each(RawTable {
                frame,
                bad_rows,
                rows_expected,
            })?;
            records_before += records;
            if end {
                break;
            }
        }
    }
    // Whatever the decoder left unread (nothing, in a well-formed file) still counts in the
    // checksum of the file.
    std::io::copy(&mut stored, &mut std::io::sink())
        .with_context(|| format!("cannot read `{label}`{whose}"))?;
    if stored.bytes > MAX_EXPORT_BYTES {
        bail!(
            "`{label}`{whose} grew past {} MB while being read",
            MAX_EXPORT_BYTES >> 20
        );
    }
    Ok(FileDigest {
        sha256: format!("{:x}", stored.hasher.finalize()),
        bytes: stored.bytes,
    })
}

/// Where the header record of CSV bytes ends (just after its line break).
fn header_end(data: &[u8], delimiter: u8, quote: u8) -> Result<usize> {
    let mut header = csv::ByteRecord::new();
    let mut input = csv_reader(data, delimiter, quote);
    input.read_byte_record(&mut header)?;
    Ok((input.position().byte() as usize).min(data.len()))
}

/// The end of the last whole record in `data` (just after its line feed; 0 when none ends in
/// it) and how many records end there, blank lines not counted (as the parsers do not count
/// them in row numbers); `data` starts where a record starts. As the CSV readers read it: a
/// quote opens a quoted field only at a field's start, where a doubled quote is a quote and line
/// feeds are data.
fn record_cut(data: &[u8], delimiter: u8, quote: u8) -> (usize, u64) {
    let (mut cut, mut records) = (0, 0);
    let mut field_begin = 0;
    let mut k = 0;
    while let Some(offset) = memchr::memchr3(delimiter, quote, b'\n', &data[k..]) {
        let at = k + offset;
        k = at + 1;
        if data[at] == b'\n' {
            if at > cut {
                records += 1;
            }
            cut = at + 1;
            field_begin = at + 1;
        } else if data[at] == delimiter {
            field_begin = at + 1;
        } else if at == field_begin {
            // A quoted field: on to its closing quote (a doubled quote is a quote).
            loop {
                match memchr::memchr(quote, &data[k..]) {
                    None => return (cut, records),
                    Some(q) if data.get(k + q + 1) == Some(&quote) => k += q + 2,
                    Some(q) if k + q + 1 == data.len() => return (cut, records),
                    Some(q) => {
                        k += q + 1;
                        break;
                    }
                }
            }
        }
    }
    (cut, records)
}

/// An export's bytes, read within the limits, decompressed when gzip, without a UTF-8 byte
/// order mark (for `mapping suggest`, which reads a file no source maps yet).
pub fn export_bytes(path: &Path, label: &str) -> Result<Vec<u8>> {
    decoded(read_bounded(path, label, "-")?, label, "")
}

/// The text of an export as stored: a ZIP refused, gzip decompressed within its bounds, a UTF-8
/// byte order mark removed (`whose` says which source, in messages).
fn decoded(stored: Vec<u8>, label: &str, whose: &str) -> Result<Vec<u8>> {
    refuse_zip(&stored, label, whose)?;
    let mut data = if stored.starts_with(&[0x1f, 0x8b]) {
        gunzip_bounded(&stored, label)?
    } else {
        stored
    };
    if data.starts_with(b"\xef\xbb\xbf") {
        data.drain(..3);
    }
    Ok(data)
}

/// Refuses a ZIP archive (the first bytes of a file).
fn refuse_zip(head: &[u8], label: &str, whose: &str) -> Result<()> {
    if head.starts_with(b"PK\x03\x04") {
        bail!(
            "`{label}`{whose} is a ZIP archive; extract the export from it (gzip-compressed files are read as they are)"
        );
    }
    Ok(())
}

/// The format a file's name says (`.gz` aside): Parquet, JSON, else CSV.
pub fn format_from_name(path: &str) -> FileFormat {
    let name = path.to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".parquet") || name.ends_with(".pq") {
        FileFormat::Parquet
    } else if [".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| name.ends_with(ext))
    {
        FileFormat::Json
    } else {
        FileFormat::Csv
    }
}

/// Refuses a "CSV" that is UTF-16 text or holds a NUL byte (a binary file, or text saved in the
/// wrong encoding): read as UTF-8 it would give garbled names and values.
pub fn refuse_binary_text(data: &[u8], label: &str, source: &str) -> Result<()> {
    refuse_binary_text_from(data, label, source, 0)
}

/// `refuse_binary_text` for a piece of a file that begins `rows_before` rows into it.
fn refuse_binary_text_from(data: &[u8], label: &str, source: &str, rows_before: u64) -> Result<()> {
    if data.starts_with(b"\xff\xfe") || data.starts_with(b"\xfe\xff") {
        bail!(
            "`{label}` (source `{source}`) is UTF-16 text (it starts with a UTF-16 byte order mark); save or export it as UTF-8 CSV"
        );
    }
    if let Some(offset) = memchr::memchr(0, data) {
        let row = memchr::memchr_iter(b'\n', &data[..offset]).count() as u64 + 1 + rows_before;
        let line_start = memchr::memrchr(b'\n', &data[..offset]).map_or(0, |i| i + 1);
        bail!(
            "`{label}` (source `{source}`) row {row}: byte {} of the line is a NUL byte (0x00): the file is binary, UTF-16 or damaged, not UTF-8 text; export it again as UTF-8 CSV",
            offset - line_start + 1
        );
    }
    Ok(())
}

/// Reads an export: a regular file (never a FIFO, a device or a folder, which would block or
/// never end) of at most `MAX_EXPORT_BYTES`.
fn read_bounded(path: &Path, label: &str, source: &str) -> Result<Vec<u8>> {
    let (file, len) = open_bounded(path, label, source)?;
    let mut data = Vec::with_capacity(len as usize);
    file.take(MAX_EXPORT_BYTES + 1)
        .read_to_end(&mut data)
        .with_context(|| format!("cannot read `{label}` (source `{source}`)"))?;
    if data.len() as u64 > MAX_EXPORT_BYTES {
        bail!(
            "`{label}` (source `{source}`) grew past {} MB while being read",
            MAX_EXPORT_BYTES >> 20
        );
    }
    Ok(data)
}

/// Opens an export: a regular file (never a FIFO, a device or a folder) of at most
/// `MAX_EXPORT_BYTES`; returns it and its size.
fn open_bounded(path: &Path, label: &str, source: &str) -> Result<(std::fs::File, u64)> {
    let metadata = std::fs::metadata(path)
        .with_context(|| format!("cannot read `{label}` (source `{source}`)"))?;
    if !metadata.is_file() {
        bail!(
            "`{label}` (source `{source}`) is not a regular file (a FIFO, a device or a folder); exports are files"
        );
    }
    if metadata.len() > MAX_EXPORT_BYTES {
        bail!(
            "`{label}` (source `{source}`) is {} MB, more than the {} MB an export may hold; split it by period or client (`{{client}}` in the source path)",
            metadata.len() >> 20,
            MAX_EXPORT_BYTES >> 20
        );
    }
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read `{label}` (source `{source}`)"))?;
    Ok((file, metadata.len()))
}

/// Decompresses a gzip export, refusing one that expands more than `MAX_GZIP_RATIO` times or
/// past `MAX_EXPORT_BYTES`, before it is held in memory whole.
fn gunzip_bounded(stored: &[u8], label: &str) -> Result<Vec<u8>> {
    let limit = (stored.len() as u64)
        .saturating_mul(MAX_GZIP_RATIO)
        .min(MAX_EXPORT_BYTES);
    // Reserved whole (address space, not memory: pages are used as they are written), so the
    // buffer never doubles and copies itself on the way to the limit.
    let mut out = Vec::with_capacity(usize::try_from(limit + 1).unwrap_or(usize::MAX));
    flate2::read::MultiGzDecoder::new(stored)
        .take(limit + 1)
        .read_to_end(&mut out)
        .with_context(|| format!("`{label}` looks gzip-compressed but does not decompress"))?;
    if out.len() as u64 > limit {
        bail!(gzip_bomb(label, limit, stored.len() as u64));
    }
    Ok(out)
}

/// The refusal of a gzip export that expands past `limit`.
fn gzip_bomb(label: &str, limit: u64, stored: u64) -> String {
    format!(
        "`{label}` expands to more than {} MB ({} times its {} kB compressed): refused as a decompression bomb (at most {MAX_GZIP_RATIO} times, and {} MB)",
        limit >> 20,
        MAX_GZIP_RATIO,
        stored >> 10,
        MAX_EXPORT_BYTES >> 20
    )
}

/// The distinct export column names a source maps, in field order.
pub fn mapped_column_names(source: &SourceOptions) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for column in source.columns.values() {
        let parts = source
            .combined
            .iter()
            .find(|(name, _, _)| name == column)
            .map_or_else(|| vec![column.clone()], |(_, parts, _)| parts.clone());
        for part in parts {
            if !names.contains(&part) {
                names.push(part);
            }
        }
    }
    names
}

/// Adds each combined column: its parts' values joined by the separator (the parts without a
/// value left out; no value when none has one).
fn combine_columns(source: &SourceOptions, frame: &mut DataFrame) -> Result<()> {
    for (name, parts, separator) in &source.combined {
        let columns: Vec<&StringChunked> = parts
            .iter()
            .map(|p| frame.column(p).and_then(|c| c.str()))
            .collect::<PolarsResult<_>>()?;
        let joined: Vec<Option<String>> = (0..frame.height())
            .map(|i| {
                let values: Vec<&str> = columns
                    .iter()
                    .filter_map(|c| c.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .collect();
                (!values.is_empty()).then(|| values.join(separator))
            })
            .collect();
        frame.with_column(Column::new(name.as_str().into(), joined))?;
    }
    Ok(())
}

fn check_header(source: &SourceOptions, header: &[String], label: &str) -> Result<()> {
    for column in mapped_column_names(source) {
        let places: Vec<String> = (header.iter().enumerate())
            .filter(|(_, h)| **h == column)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if places.len() > 1 {
            bail!(
                "`{label}` row 1: column `{column}` appears {} times in the header (columns {}); a mapped column must be named once — rename the others in the export",
                places.len(),
                places.join(", ")
            );
        }
    }
    let mut missing = Vec::new();
    for (field, column) in &source.columns {
        if !header.iter().any(|h| h == column) {
            let candidates: Vec<&str> = header.iter().map(String::as_str).collect();
            // A close spelling, or else a header that begins with the name (`Created (local)`
            // for `Created`).
            let lower = column.to_lowercase();
            let hint = suggest(column, &candidates)
                .or_else(|| {
                    candidates
                        .iter()
                        .copied()
                        .find(|h| !lower.is_empty() && h.to_lowercase().starts_with(&lower))
                })
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            missing.push(format!(
                "column `{column}` (mapped to `{}`) is not in the header{hint}",
                field_key(*field)
            ));
        }
    }
    if !missing.is_empty() {
        let shown: Vec<String> = (header.iter().take(40))
            .map(|h| super::quality::excerpt(h).into_owned())
            .collect();
        bail!(
            "`{label}` row 1: {}\n  the file's columns are: {}",
            missing.join("; "),
            shown.join(", ")
        );
    }
    Ok(())
}

fn field_key(field: Field) -> &'static str {
    field.key()
}

/// Splits the first record of a CSV file into column names.
pub fn csv_header(data: &[u8], delimiter: u8, quote: u8) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = Vec::new();
    let mut in_quotes = false;
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if in_quotes {
            if b == quote {
                if data.get(i + 1) == Some(&quote) {
                    current.push(quote);
                    i += 1;
                } else {
                    in_quotes = false;
                }
            } else {
                current.push(b);
            }
        } else if b == quote {
            in_quotes = true;
        } else if b == delimiter {
            fields.push(String::from_utf8_lossy(&current).trim().to_string());
            current.clear();
        } else if b == b'\n' || b == b'\r' {
            break;
        } else {
            current.push(b);
        }
        i += 1;
    }
    fields.push(String::from_utf8_lossy(&current).trim().to_string());
    fields
}

/// A CSV file screened record by record: the rows that cannot be read as rows of its header.
struct Screened {
    /// The data to parse: the file itself, or a rewrite without the bad rows.
    data: Vec<u8>,
    /// When rewritten: the row number in the file of each kept data row.
    rows: Option<Vec<u64>>,
    /// Bad rows: row number (the header is row 1) and why.
    bad: Vec<(u64, String)>,
}

/// Finds rows with a field count other than the header's or with bytes that are not UTF-8;
/// when there are any (or a carriage return inside a line), rewrites the file without them so
/// the fast parser reads the rest.
fn screen_csv(data: Vec<u8>, delimiter: u8, quote: u8) -> Result<Screened> {
    let scan = |bytes: &[u8], expected: usize| -> Result<Scan> {
        let mut out = Scan::default();
        let mut record = csv::ByteRecord::new();
        let mut input = csv_reader(bytes, delimiter, quote);
        while input.read_byte_record(&mut record)? {
            out.records += 1;
            let all = record.as_slice();
            out.stray_return |= all.strip_suffix(b"\r").unwrap_or(all).contains(&b'\r');
            if let Some(why) = bad_record(&record, expected) {
                out.bad.push((out.records, why));
            }
        }
        Ok(out)
    };
    // The header's field count, then the rest in two halves on two threads: a half starts at a
    // line break outside quotes (an even number of quote bytes before it).
    let mut header = csv::ByteRecord::new();
    let header_end = {
        let mut input = csv_reader(&data[..data.len().min(1 << 20)], delimiter, quote);
        input.read_byte_record(&mut header)?;
        input.position().byte() as usize
    };
    let expected = header.len();
    let body = &data[header_end.min(data.len())..];
    let split = split_point(body, quote);
    let (first, second) = body.split_at(split);
    // Most files are clean: a quick byte pass says so, and only a file it doubts is read
    // record by record.
    let (quick_a, quick_b) = rayon::join(
        || looks_clean(first, expected, delimiter, quote),
        || looks_clean(second, expected, delimiter, quote),
    );
    if quick_a && quick_b {
        return Ok(Screened {
            data,
            rows: None,
            bad: Vec::new(),
        });
    }
    let (a, b) = rayon::join(|| scan(first, expected), || scan(second, expected));
    let (a, b) = (a?, b?);
    let clean = |s: &Scan| s.bad.is_empty() && !s.stray_return;
    // A quote byte inside an unquoted field can fool the cut: when anything is found, the
    // whole body is read again in one pass, which is the answer.
    let (records_before, halves) = if clean(&a) && clean(&b) {
        (a.records, vec![a, b])
    } else {
        (0, vec![scan(body, expected)?])
    };
    let mut bad: Vec<(u64, String)> = Vec::new();
    for (k, half) in halves.into_iter().enumerate() {
        let offset = if k == 0 { 0 } else { records_before };
        // Row numbers: the header is row 1.
        bad.extend(half.bad.into_iter().map(|(n, why)| (n + 1 + offset, why)));
    }
    // What made the quick pass doubt and is no bad row — a blank line (which the fast parser
    // reads as a row of empty fields), a quote inside an unquoted field (which it may read as
    // opening a quoted one), a carriage return inside a line — the rewrite settles: the records
    // as the careful reader reads them, quoted where they need it, blank lines left out.
    let mut record = csv::ByteRecord::new();
    let mut input = csv_reader(&data[..], delimiter, quote);
    let mut rows = Vec::new();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote(quote)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(data.len()));
    let mut index: u64 = 0;
    let mut bad_rows = bad.iter().map(|(row, _)| *row).peekable();
    while input.read_byte_record(&mut record)? {
        index += 1;
        if bad_rows.peek() == Some(&index) {
            bad_rows.next();
            continue;
        }
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue;
        }
        if index > 1 {
            rows.push(index);
        }
        let last = record.len().saturating_sub(1);
        writer.write_record(record.iter().enumerate().map(|(k, field)| {
            if k == last {
                field.strip_suffix(b"\r").unwrap_or(field)
            } else {
                field
            }
        }))?;
    }
    let data = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot rewrite the CSV: {e}"))?;
    Ok(Screened {
        data,
        rows: Some(rows),
        bad,
    })
}

/// A record reader over CSV bytes: flexible field counts, records ending at line feeds (a
/// carriage return inside a line stays in its field).
fn csv_reader<R: std::io::Read>(input: R, delimiter: u8, quote: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input)
}

/// What screening a part of a file found.
#[derive(Default)]
struct Scan {
    records: u64,
    bad: Vec<(u64, String)>,
    stray_return: bool,
}

/// A quick pass over CSV lines: every non-blank line has `expected` fields, no carriage return
/// stands inside a line, and the bytes are UTF-8. Quoting follows CSV: a quote opens a field
/// only at its start, `""` inside quotes is a quote; a quote anywhere else makes it doubt, and
/// a doubted file is read by the careful record reader.
fn looks_clean(part: &[u8], expected: usize, delimiter: u8, quote: u8) -> bool {
    if std::str::from_utf8(part).is_err() {
        return false;
    }
    // Every carriage return ends a line (a CRLF); one inside a line or a quoted field: doubt.
    if memchr::memchr_iter(b'\r', part).any(|k| part.get(k + 1) != Some(&b'\n')) {
        return false;
    }
    let mut fields = 1;
    let mut line_start = 0;
    let mut k = 0;
    // Jump from one delimiter, quote or line feed to the next.
    while let Some(offset) = memchr::memchr3(delimiter, quote, b'\n', &part[k..]) {
        let at = k + offset;
        let byte = part[at];
        if byte == delimiter {
            fields += 1;
            k = at + 1;
        } else if byte == b'\n' {
            // A blank line would read as a row of empty fields: the careful reader drops it.
            let line = &part[line_start..at];
            if line.is_empty() || line == b"\r" || fields != expected {
                return false;
            }
            fields = 1;
            line_start = at + 1;
            k = at + 1;
        } else {
            // A quote opens a field only at its start.
            let field_start = at == line_start || part[at - 1] == delimiter;
            if !field_start {
                return false;
            }
            // Skip the quoted field: to the next quote not doubled.
            let mut j = at + 1;
            loop {
                match memchr::memchr(quote, &part[j..]) {
                    None => return false,
                    Some(q) if part.get(j + q + 1) == Some(&quote) => j += q + 2,
                    Some(q) => {
                        j += q + 1;
                        break;
                    }
                }
            }
            if memchr::memchr(b'\r', &part[at..j]).is_some() {
                return false;
            }
            k = j;
        }
    }
    let last = &part[line_start..];
    last.is_empty() || last == b"\r" || fields == expected
}

/// Where to cut a file's body in two for parallel screening: the first line break after the
/// middle with an even number of quote bytes before it (outside any quoted field), or the end.
fn split_point(body: &[u8], quote: u8) -> usize {
    if body.len() < 4 << 20 {
        return body.len();
    }
    let middle = body.len() / 2;
    let quotes_before = body[..middle].iter().filter(|b| **b == quote).count();
    let mut inside = quotes_before % 2 == 1;
    for (k, byte) in body[middle..].iter().enumerate() {
        if *byte == quote {
            inside = !inside;
        } else if *byte == b'\n' && !inside {
            return middle + k + 1;
        }
    }
    body.len()
}

/// Why a record cannot be a row of a header with `expected` fields, if it cannot.
fn bad_record(record: &csv::ByteRecord, expected: usize) -> Option<String> {
    let only_return = record.len() == 1 && record[0].trim_ascii().is_empty();
    if only_return {
        return None;
    }
    if record.len() != expected {
        return Some(format!(
            "the row has {} fields where the header has {expected} (a stray delimiter, quote or line break?)",
            record.len()
        ));
    }
    if let Err(error) = std::str::from_utf8(record.as_slice()) {
        let mut offset = error.valid_up_to();
        for (k, field) in record.iter().enumerate() {
            if offset < field.len() {
                return Some(format!(
                    "field {} holds a byte that is not UTF-8 (0x{:02x}); save the export as UTF-8",
                    k + 1,
                    field[offset]
                ));
            }
            offset -= field.len();
        }
        return Some("a byte that is not UTF-8".to_string());
    }
    None
}

/// Checks the header of a CSV (the start of the file): not empty, the delimiter right, every
/// mapped column present once.
fn check_csv_header(source: &SourceOptions, data: &[u8], label: &str) -> Result<()> {
    if data.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("`{label}` is empty (expected a header row and data rows)");
    }
    // A header is column names: one that runs on for more than `MAX_HEADER_BYTES` is no
    // export's (a binary or decompressed garbage), and is neither parsed nor shown.
    let line = memchr::memchr(b'\n', data).unwrap_or(data.len());
    if line > MAX_HEADER_BYTES {
        bail!(
            "`{label}` row 1: the header row is {} kB or longer, more than the {} kB column names take; not a CSV export (or the wrong file)",
            line >> 10,
            MAX_HEADER_BYTES >> 10
        );
    }
    let header = csv_header(data, source.delimiter, source.quote);
    if header.len() == 1 && source.columns.len() > 1 {
        let guess = [b';', b',', b'\t', b'|']
            .into_iter()
            .find(|d| *d != source.delimiter && csv_header(data, *d, source.quote).len() > 1);
        if let Some(d) = guess {
            bail!(
                "`{label}` row 1: the header has a single column with delimiter `{}`; the file seems to use `{}` (set `csv.delimiter`)",
                printable(source.delimiter),
                printable(d)
            );
        }
    }
    check_header(source, &header, label)
}

/// Parses CSV bytes (a header and records) whose first record after the header is record
/// `records_before + 1` of the file: the mapped columns, the row numbers of the file.
fn read_csv(
    source: &SourceOptions,
    data: Vec<u8>,
    label: &str,
    records_before: u64,
) -> Result<(DataFrame, Vec<(u64, String)>)> {
    let stage = std::time::Instant::now();
    let mut screened = screen_csv(data, source.delimiter, source.quote)
        .with_context(|| format!("`{label}`: the CSV does not parse"))?;
    super::profile("csv screen", stage);
    for (row, _) in &mut screened.bad {
        *row += records_before;
    }
    let columns: Vec<PlSmallStr> = mapped_column_names(source)
        .into_iter()
        .map(PlSmallStr::from)
        .collect();
    let null_values: Vec<PlSmallStr> = source
        .missing
        .iter()
        .map(|m| PlSmallStr::from(m.as_str()))
        .collect();
    let delimiter = source.delimiter;
    let quote = source.quote;
    // Row 1 is the header.
    let first_row = 2 + records_before;
    let options = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_columns(Some(Arc::from(columns)))
        .with_row_index(Some(polars_io::RowIndex {
            name: ROW_COLUMN.into(),
            offset: if screened.rows.is_some() {
                2
            } else {
                IdxSize::try_from(first_row).context("too many rows")?
            },
        }))
        .map_parse_options(move |o| {
            o.with_separator(delimiter)
                .with_quote_char(Some(quote))
                .with_null_values(Some(NullValues::AllColumns(null_values.clone())))
                .with_missing_is_null(true)
        });
    let mut frame = options
        .into_reader_with_file_handle(Cursor::new(screened.data))
        .finish()
        .map_err(|e| {
            anyhow::anyhow!(
                "`{label}`: the CSV does not parse: {}",
                clean_polars_error(&e)
            )
        })?;
    if let Some(rows) = screened.rows {
        // Row numbers of the rewritten piece → rows of the file on disk.
        let kept: Vec<u64> = super::parse::row_numbers(&frame)?
            .into_iter()
            .map(|r| rows.get(r as usize - 2).copied().unwrap_or(r) + records_before)
            .collect();
        frame.with_column(Column::new(ROW_COLUMN.into(), kept))?;
    }
    Ok((frame, screened.bad))
}

fn printable(byte: u8) -> String {
    match byte {
        b'\t' => "\\t".to_string(),
        b => (b as char).to_string(),
    }
}

/// Polars errors carry a backtrace-like context; keep the first line.
pub fn clean_polars_error(error: &PolarsError) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn read_parquet(source: &SourceOptions, data: Vec<u8>, label: &str) -> Result<DataFrame> {
    // A damaged file can make the Parquet decoder panic (a corrupt footer or page): that is a
    // bad file, reported as such, never a crash.
    let read =
        crate::data::guard::without_panics(|| ParquetReader::new(Cursor::new(data)).finish())
            .map_err(|panic| {
                anyhow::anyhow!("`{label}` is not a readable Parquet file: it is damaged ({panic})")
            })?;
    let frame = read.map_err(|e| {
        anyhow::anyhow!(
            "`{label}` is not a readable Parquet file: {}",
            clean_polars_error(&e)
        )
    })?;
    let header: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    check_header(source, &header, label)?;
    let mut columns = Vec::new();
    for name in mapped_column_names(source) {
        let column = frame.column(&name)?.clone();
        let converted = match column.dtype() {
            DataType::String | DataType::Datetime(_, _) => column,
            _ => column.cast(&DataType::String)?,
        };
        columns.push(converted);
    }
    let height = frame.height();
    let rows: Vec<IdxSize> = (1..=height as IdxSize).collect();
    columns.push(Column::new(ROW_COLUMN.into(), rows));
    Ok(DataFrame::new(height, columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_pass_doubts_every_fault_the_careful_reader_finds() {
        let ok = b"a,b,c\n\"x,y\",2,3\r\n4,5,6";
        assert!(looks_clean(ok, 3, b',', b'"'));
        // A blank line: dropped by the careful reader.
        assert!(!looks_clean(b"a,b,c\n\n4,5,6\n", 3, b',', b'"'));
        assert!(!looks_clean(b"a,b,c\n\r\n4,5,6\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,2\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,2,3,4\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,2\r3,4\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,caf\xe9,3\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,\"open,3\n", 3, b',', b'"'));
        assert!(!looks_clean(b"1,\"a\rb\",3\n", 3, b',', b'"'));
        // A quote inside an unquoted field: the careful reader decides.
        assert!(!looks_clean(b"x,a\"b,c\nd\"e,f,g\n", 3, b',', b'"'));
        assert!(looks_clean(b"x,\"say \"\"hi\"\"\",c\n", 3, b',', b'"'));
    }

    #[test]
    fn large_files_are_screened_in_two_halves_with_the_same_row_numbers() {
        let mut data = b"id,title,priority\n".to_vec();
        let rows = 120_000;
        for k in 0..rows {
            let line = match k {
                // A quoted field with a line break in it, near the middle.
                60_000 => format!("T{k},\"two\nlines\",P3\n"),
                // A quote byte inside an unquoted field (read literally by CSV readers).
                59_990 => format!("T{k},ab\"c,P3\n"),
                100_000 => format!("T{k},extra,field,P3\n"),
                _ => format!("T{k},printer jam on floor {k},P3\n"),
            };
            data.extend_from_slice(line.as_bytes());
        }
        assert!(data.len() > 4 << 20);
        let screened = screen_csv(data, b',', b'"').unwrap();
        assert_eq!(screened.bad.len(), 1, "{:?}", screened.bad);
        // Row 1 is the header; ticket T100000 is the 100,001st record after it.
        assert_eq!(screened.bad[0].0, 100_002);
        let kept = screened.rows.expect("rewritten without the bad row");
        assert_eq!(kept.len(), rows - 1);
    }

    #[test]
    fn header_with_quotes_and_crlf() {
        let header = csv_header(b"\"id\";\"opened; at\";x\r\n1;2;3\r\n", b';', b'"');
        assert_eq!(header, vec!["id", "opened; at", "x"]);
    }
}
