//! The PDF renderer: an embedded typst compiler whose world is made of virtual files — the
//! templates, the pack data as `/data.json`, the charts as `/charts/*.svg` — and fonts shipped in
//! the binary. No user text is ever spliced into typst source: templates read it as data. A
//! document is laid out once; its running header and footer are typeset afterwards by the
//! template it names (`marginals.typ`, given the pages as `/pages.json`) and laid over its pages.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use anyhow::{Result, anyhow};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Duration, Label, Repr, Selector, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::Point;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::utils::PicoStr;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::templates::Templates;
use crate::charts;

/// Families used by the templates: Inter for text, then fallbacks for the scripts and symbols
/// Inter lacks (ticket titles hold any text), DejaVu Sans Mono for code.
pub const FAMILIES: &[&str] = &[
    "Inter",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Droid Sans Fallback",
    "Symbola",
    "DejaVu Sans Mono",
];

/// Fallback fonts bundled beside Inter (Debian's fonts-noto-core, fonts-droid-fallback and an
/// emoji/symbol subset of fonts-symbola; licences in `assets/fonts/`).
const FALLBACKS: &[&[u8]] = &[
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
    include_bytes!("../../assets/fonts/Symbola-emoji-subset.ttf"),
];

/// Fonts available to every document: typst's bundled ones and the vendored Inter.
struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        // Bold text is set in SemiBold: one weight fewer to subset and embed in every PDF.
        let inter = [
            charts::INTER_REGULAR,
            charts::INTER_ITALIC,
            charts::INTER_SEMIBOLD,
            charts::INTER_BOLD_ITALIC,
        ];
        // Inter for text; DejaVu Sans Mono (from typst's bundled fonts) for code and for the
        // few symbols Inter lacks.
        let fonts: Vec<Font> = inter
            .into_iter()
            .chain(FALLBACKS.iter().copied())
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .filter(|font| FAMILIES.contains(&font.info().family.as_str()))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { fonts, book }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn file_id(path: &str) -> Result<FileId> {
    let vpath =
        VirtualPath::new(path).map_err(|e| anyhow!("invalid virtual path `{path}`: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A template parsed once per process and shared by every pack (a `Source` is a cheap handle):
/// each pack no longer parses every level's templates, and typst's memoised evaluation of the
/// shared components carries from one pack to the next.
fn parsed(id: FileId, text: &str) -> Source {
    static CACHE: OnceLock<Mutex<HashMap<FileId, Source>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match cache.get(&id) {
        Some(source) if source.text() == text => source.clone(),
        _ => {
            let source = Source::new(id, text.to_string());
            cache.insert(id, source.clone());
            source
        }
    }
}

/// A document to typeset.
pub struct PdfJob<'a> {
    /// Main template file name (`qbr.typ`).
    pub main: &'a str,
    /// Templates.
    pub templates: &'a Templates,
    /// The pack data (JSON).
    pub data: Vec<u8>,
    /// Extra files by path (`charts/x.svg`, `logo.svg`).
    pub files: Vec<(String, Vec<u8>)>,
    /// Stable document identifier.
    pub ident: String,
    /// Creation date written into the PDF (year, month, day).
    pub date: (i32, u8, u8),
    /// The most pages the document may have (the level's `pages`), if it is limited.
    pub pages: Option<usize>,
    /// The document's title, for a template that does not set one (`set document(title: ..)`).
    pub title: String,
}

/// A typeset document.
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Its pages.
    pub pages: usize,
    /// How far its lists were shortened to fit the page limit (`/fit.json`'s `step`; 0: not).
    pub step: u32,
}

/// The last step of `/fit.json`: the lists of a document over its page limit are shortened at
/// most this many times (each a typesetting of the document).
pub const LAST_FIT_STEP: u32 = 4;

struct PackWorld {
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
    /// `/fit.json`, and whether the template read it (else shortening its lists changes nothing).
    fit: FileId,
    read_fit: std::sync::atomic::AtomicBool,
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.fit {
            self.read_fit
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

fn describe(world: &PackWorld, diagnostic: &SourceDiagnostic, templates_hint: &str) -> String {
    let mut text = diagnostic.message.to_string();
    if let (Some(id), Some(range)) = (diagnostic.span.id(), world.range(diagnostic.span)) {
        let lines = world.file(id).ok().and_then(|b| b.lines().ok());
        if let Some((line, column)) = lines.and_then(|l| l.byte_to_line_column(range.start)) {
            let path = id.vpath().get_without_slash().to_string();
            text = format!("{templates_hint}{path}:{}:{}: {text}", line + 1, column + 1);
        }
    }
    for hint in &diagnostic.hints {
        text.push_str(&format!("\n  hint: {}", hint.v));
    }
    text
}

/// The label of the metadata by which a document asks for its header and footer to be drawn
/// by another template once its pages are known (`pack.typ`'s `setup`).
const MARGINALS_LABEL: &str = "reviewpack-marginals";

/// Typesets the world's main template.
fn compile(world: &PackWorld, hint: &str) -> Result<PagedDocument> {
    typst::compile::<PagedDocument>(world)
        .output
        .map_err(|errors| {
            let messages: Vec<String> = errors
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| describe(world, d, hint))
                .collect();
            anyhow!("the PDF template failed: {}", messages.join("\n"))
        })
}

/// The template a document names in its `<reviewpack-marginals>` metadata, if it has one.
fn marginals_template(document: &PagedDocument, templates: &Templates) -> Result<Option<String>> {
    let label = Label::new(PicoStr::intern(MARGINALS_LABEL)).expect("a valid label");
    let found = document.introspector().query(&Selector::Label(label));
    let element = match found.as_slice() {
        [] => return Ok(None),
        [element] => element,
        _ => {
            return Err(anyhow!(
                "the PDF template failed: the label <{MARGINALS_LABEL}> is on {} elements; one metadata names the template of the header and footer",
                found.len()
            ));
        }
    };
    let value = element
        .to_packed::<MetadataElem>()
        .map(|metadata| metadata.value.clone());
    if let Some(Value::Str(name)) = &value
        && templates
            .with_extension(".typ")
            .any(|(known, _)| known == name.as_str())
    {
        return Ok(Some(name.to_string()));
    }
    Err(anyhow!(
        "the PDF template failed: the metadata labelled <{MARGINALS_LABEL}> must name a .typ template of the workspace's templates/ folder or a built-in one (\"marginals.typ\"); found {}",
        value.map_or_else(
            || "an element that is not metadata".to_string(),
            |v| v.repr().to_string()
        )
    ))
}

/// `/pages.json` for the marginals template: each page's number and size in points, and the
/// number of the last page.
fn pages_json(document: &PagedDocument) -> Vec<u8> {
    let pages: Vec<serde_json::Value> = document
        .pages()
        .iter()
        .map(|page| {
            serde_json::json!({
                "number": page.number,
                "width": page.frame.width().to_pt(),
                "height": page.frame.height().to_pt(),
            })
        })
        .collect();
    let total = document.pages().last().map_or(0, |page| page.number);
    serde_json::to_vec(&serde_json::json!({ "pages": pages, "total": total }))
        .expect("JSON of numbers")
}

/// The document with each page of `marginals` laid over its page of the same position.
fn with_marginals(mut document: PagedDocument, marginals: &PagedDocument) -> Result<PagedDocument> {
    if marginals.pages().len() != document.pages().len() {
        return Err(anyhow!(
            "the PDF template failed: the header and footer template must make one page for each of the document's {} pages (/pages.json); it made {}",
            document.pages().len(),
            marginals.pages().len()
        ));
    }
    let mut pages = document.pages().iter().cloned().collect::<EcoVec<_>>();
    for (page, over) in pages.make_mut().iter_mut().zip(marginals.pages()) {
        page.frame.push_frame(Point::zero(), over.frame.clone());
    }
    Ok(PagedDocument::new(pages, document.info_mut().clone()))
}

/// Typesets a document and exports it as a tagged PDF/UA-1 file.
pub fn render_pdf(job: &PdfJob) -> Result<Pdf> {
    let main = file_id(&format!("/{}", job.main))?;
    let mut sources = HashMap::new();
    for (name, text) in job.templates.with_extension(".typ") {
        let id = file_id(&format!("/{name}"))?;
        sources.insert(id, parsed(id, text));
    }
    let mut files = HashMap::new();
    files.insert(file_id("/data.json")?, Bytes::new(job.data.clone()));
    for (path, bytes) in &job.files {
        files.insert(file_id(&format!("/{path}"))?, Bytes::new(bytes.clone()));
    }
    let (y, m, d) = job.date;
    let today = Datetime::from_ymd(y, m, d).ok_or_else(|| anyhow!("invalid document date"))?;
    let mut world = PackWorld {
        main,
        sources,
        files,
        today,
        fit: file_id("/fit.json")?,
        read_fit: false.into(),
    };
    let hint = "template ";
    let stage = std::time::Instant::now();
    // A document over its level's page limit is typeset again with its lists shortened a step
    // further (pack.typ's `fit-rows`), until it fits or the lists are as short as they go.
    let mut step = 0;
    let document = loop {
        world.files.insert(
            world.fit,
            Bytes::new(format!("{{\"step\": {step}}}").into_bytes()),
        );
        let document = compile(&world, hint)?;
        let read_fit = world.read_fit.load(std::sync::atomic::Ordering::Relaxed);
        match job.pages {
            Some(limit) if document.pages().len() > limit && read_fit && step < LAST_FIT_STEP => {
                step += 1
            }
            _ => break document,
        }
    };
    let document = match marginals_template(&document, job.templates)? {
        Some(template) => {
            // The header and footer, drawn now that the pages are known, over the pages.
            world.main = file_id(&format!("/{template}"))?;
            world
                .files
                .insert(file_id("/pages.json")?, Bytes::new(pages_json(&document)));
            with_marginals(document, &compile(&world, hint)?)?
        }
        None => document,
    };
    crate::data::profile(&format!("typst compile (fit step {step})"), stage);
    let mut document = document;
    let info = document.info_mut();
    if info.title.is_none() {
        info.title = Some(job.title.as_str().into());
    }
    let pages = document.pages().len();
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| anyhow!("PDF standard: {}", e.message()))?;
    let timestamp = Datetime::from_ymd_hms(y, m, d, 0, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.clone()),
        creator: Smart::Custom(Some(format!("reviewpack {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|d| describe(&world, d, hint)).collect();
        anyhow!("the PDF export failed: {}", messages.join("\n"))
    });
    // What typst memoised is kept while the next packs use it (packs of one language and level
    // share headings, notes and the methodology, and are built one after another: see
    // `build_packs`) and dropped once four typesettings in a row, on any thread, have not,
    // rather than left to grow over hundreds of clients. Against dropping it after two: 2% fewer
    // instructions for 50 monthly reviews on one thread (on two threads, an entry ages twice as
    // fast), peak memory of 50 QBRs 279 MiB against 264 MiB.
    typst::comemo::evict(4);
    pdf.map(|bytes| Pdf { bytes, pages, step })
}

/// Whether some bundled font has a glyph for `c` (known once per character of the Basic
/// Multilingual Plane: every string of every pack is checked, character by character).
pub fn covered(c: char) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = 0;
    const YES: u8 = 1;
    const NO: u8 = 2;
    static KNOWN: [AtomicU8; 0x10000] = [const { AtomicU8::new(UNKNOWN) }; 0x10000];
    let find = || {
        fonts()
            .fonts
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
    };
    let Some(slot) = KNOWN.get(c as usize) else {
        return find();
    };
    match slot.load(Ordering::Relaxed) {
        YES => true,
        NO => false,
        _ => {
            let found = find();
            slot.store(if found { YES } else { NO }, Ordering::Relaxed);
            found
        }
    }
}

/// Warms the font and library caches (for benchmarks and batch runs).
pub fn warm_up() {
    let _ = fonts();
    let _ = library();
}
