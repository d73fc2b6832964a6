//! The programmatic service interface for integrating Pagefind into another Rust project.
//!
//! # Examples
//!
//! ```
//! use pagefind::api::{PagefindIndex};
//! use pagefind::options::{PagefindServiceConfig};
//!
//! #[tokio::main]
//! async fn main() {
//!     let options = PagefindServiceConfig::builder()
//!         .keep_index_url(true)
//!         .force_language("en".to_string())
//!         .build();
//!     let mut index = PagefindIndex::new(Some(options)).expect("Options should be valid");
//!     let indexing_response = index
//!         .add_html_file(
//!             Some("test/index.html".into()),
//!             None,
//!             "<html><body><h1>Test content</h1></body></html>".into(),
//!         )
//!         .await;
//!
//!     if let Ok(file) = indexing_response {
//!         println!("Page word count: {}", file.page_word_count);
//!         println!("Page URL: {}", file.page_url);
//!     }
//!
//!     let files_response = index.get_files().await;
//!     if let Ok(files) = files_response {
//!         println!("Have {} files to write to disk", files.len());
//!     }
//! }
//! ```

pub use crate::output::SyntheticFile;
use anyhow::{bail, Result};
use rust_patch::Patch;
use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    fossick::{parser::DomParserResult, Fossicker},
    options::PagefindServiceConfig,
    PagefindInboundConfig, SearchOptions, SearchState,
};

#[derive(Debug)]
pub struct IndexedFileResponse {
    pub page_word_count: u32,
    pub page_url: String,
    pub page_meta: BTreeMap<String, String>,
}

pub struct PagefindIndex {
    search_index: Arc<tokio::sync::Mutex<SearchState>>,
}

/// clusterhub patch: parses and packs pages for a `StreamingIndex` on any
/// thread, outside the index, so that pages are parsed in parallel as they
/// are made.
#[derive(Clone)]
pub struct PageParser {
    options: Arc<SearchOptions>,
    gzip_level: u32,
}

/// clusterhub patch, for tests: how `quick` and `DomParser` read `html`
/// under `config`, as their `Debug` forms (`None`: `quick` declines it).
#[doc(hidden)]
pub fn quick_and_full_reading(
    config: PagefindServiceConfig,
    html: &str,
) -> Result<Option<(String, String)>> {
    let options = StreamingIndex::new(config, 0)?.options;
    let Some(quick) = crate::fossick::quick::parse(html, &options) else {
        return Ok(None);
    };
    let mut parser = crate::fossick::parser::DomParser::new(&options);
    parser.write(html.as_bytes())?;
    let full = parser.wrap();
    Ok(Some((format!("{quick:#?}"), format!("{full:#?}"))))
}

/// clusterhub patch: a page parsed by a `PageParser`.
pub struct ParsedPage(crate::index::stream::PackedPage);

impl PageParser {
    /// Parses the HTML of the page at `source_path`, as `add_html_file`
    /// would.
    /// `quick` reads the page when it can promise `DomParser`'s result;
    /// otherwise lol_html does.
    pub fn parse(&self, source_path: String, content: String) -> Result<ParsedPage> {
        let path = PathBuf::from(source_path);
        let fossicker = match crate::fossick::quick::parse(&content, &self.options) {
            Some(mut data) => {
                if let Some(language) = &self.options.force_language {
                    data.language = language.clone();
                }
                Fossicker::new_parsed(path, data)
            }
            None => Fossicker::new_synthetic(Some(path), None, content),
        };
        let page = fossicker.fossick_sync(&self.options)?;
        Ok(ParsedPage(crate::index::stream::PackedPage::new(
            page,
            self.gzip_level,
        )?))
    }
}

/// clusterhub patch: an index built page by page, in page order, with
/// memory bounded by the index: each page's fragment file is returned as
/// soon as the page is added, and its words are kept packed. The files
/// are those `PagefindIndex` makes from the same pages in the same order
/// (compressed at the given level), in one language (`force_language`).
pub struct StreamingIndex {
    options: Arc<SearchOptions>,
    state: crate::index::stream::StreamState,
    gzip_level: u32,
}

impl StreamingIndex {
    pub fn new(config: PagefindServiceConfig, gzip_level: u32) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        service_options.service = true;
        service_options = config.apply(service_options);
        let options = SearchOptions::load(service_options)?;
        let Some(language) = options.force_language.clone() else {
            bail!("a streaming index needs force_language");
        };
        Ok(Self {
            options: Arc::new(options),
            state: crate::index::stream::StreamState::new(language),
            gzip_level: gzip_level.min(9),
        })
    }

    /// A parser for pages of this index.
    pub fn page_parser(&self) -> PageParser {
        PageParser {
            options: Arc::clone(&self.options),
            gzip_level: self.gzip_level,
        }
    }

    /// Adds the next page (in page order); returns its fragment file if it
    /// can be written now.
    pub fn add(&mut self, page: ParsedPage) -> Result<Vec<SyntheticFile>> {
        let fragments = self.state.add(page.0)?;
        Ok(fragment_files(fragments))
    }

    /// The rest of the index's files: fragments of pages that waited,
    /// the word and filter indexes, the meta, the entry, scripts and wasm.
    pub fn finish(self) -> Result<Vec<SyntheticFile>> {
        let me = self;
        let (indexes, fragments) = me.state.finish(&me.options)?;
        let mut files = fragment_files(fragments);
        let outdir = &PathBuf::new();
        files.extend(indexes.write_files_to_memory(&me.options, outdir, me.gzip_level));
        let entries = vec![indexes.get_lang_meta(&me.options)];
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        files.extend(runtime.block_on(crate::output::write_common_to_memory(
            entries,
            me.options.write_playground,
            outdir,
            &me.options,
        )));
        Ok(files)
    }
}

/// clusterhub patch: an index kept between builds (`serve`): its word map
/// stays (`index::live`), so an edit re-parses only the page it changed
/// and re-encodes only that page's words and the chunks that hold them,
/// and each `write` returns only the files whose contents changed since
/// the last one (only those are compressed). Every `write` gives the files
/// a `StreamingIndex` fed the same pages in the same order gives.
pub struct LiveIndex {
    options: Arc<SearchOptions>,
    gzip_level: u32,
    state: crate::index::live::LiveState,
    /// Every file of the last `write` (named relative to the bundle
    /// folder) → a digest of its contents (of its full hash, for chunks
    /// and fragments).
    written: std::collections::HashMap<String, u64>,
}

/// clusterhub patch: what a `LiveIndex::write` changed.
pub struct LiveFiles {
    /// Files that are new or whose contents changed.
    pub changed: Vec<SyntheticFile>,
    /// Fragments of pages not parsed again whose file is now named
    /// differently (another page took a prefix of its name): (last name,
    /// new name). Their bytes are those the last write gave under the last
    /// name; copy them before applying `removed` and `changed`.
    pub renamed: Vec<(PathBuf, PathBuf)>,
    /// Files of the last write that are no longer part of the index.
    pub removed: Vec<PathBuf>,
}

impl ParsedPage {
    /// The URL this page will have in the index.
    pub fn url(&self) -> &str {
        &self.0.url
    }
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl LiveIndex {
    pub fn new(config: PagefindServiceConfig, gzip_level: u32) -> Result<Self> {
        let streaming = StreamingIndex::new(config, gzip_level)?;
        Ok(Self {
            state: crate::index::live::LiveState::new(
                streaming.options.force_language.clone().unwrap_or_default(),
            ),
            options: streaming.options,
            gzip_level: streaming.gzip_level,
            written: std::collections::HashMap::new(),
        })
    }

    /// A parser for pages of this index.
    pub fn page_parser(&self) -> PageParser {
        PageParser {
            options: Arc::clone(&self.options),
            gzip_level: self.gzip_level,
        }
    }

    /// Forgets every page (the next `write` must give each parsed), but
    /// not the files written, so that the next write still returns only
    /// what changed since the last.
    pub fn restart(&mut self) {
        let language = self.options.force_language.clone().unwrap_or_default();
        self.state = crate::index::live::LiveState::new(language);
    }

    /// Makes `pages` the pages of the index and returns the files that
    /// changed since the last write, and those no longer in it. `pages`
    /// are in page order, each under a key (its path) with the page parsed
    /// again, or `None` when it is unchanged since a write that had it. The
    /// index keeps its word map between writes: only the words of the
    /// pages given parsed are packed again, and only the chunks that hold
    /// them encoded (all of them when pages are added or removed before
    /// the last one). `None`, changing nothing, if a page not parsed
    /// again would change whether it is indexed (no page has a
    /// `data-pagefind-body` any more, or one has one now): `restart`, then
    /// give every page parsed.
    pub fn write(
        &mut self,
        pages: impl IntoIterator<Item = (String, Option<ParsedPage>)>,
    ) -> Result<Option<LiveFiles>> {
        let Some(out) = self.state.update(
            pages.into_iter().map(|(key, page)| (key, page.map(|p| p.0))),
            &self.options,
        )?
        else {
            return Ok(None);
        };
        let mut now: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        let mut changed = Vec::new();
        let mut renamed = Vec::new();
        for f in out.fragments {
            let path = format!("fragment/{}.pf_fragment", f.name);
            let d = digest(f.full_hash.as_bytes());
            if self.written.get(&path) != Some(&d) {
                match (f.bytes, f.was) {
                    (Some(contents), _) => changed.push(SyntheticFile {
                        filename: PathBuf::from(&path),
                        contents,
                    }),
                    (None, Some(was)) => renamed.push((
                        PathBuf::from(format!("fragment/{was}.pf_fragment")),
                        PathBuf::from(&path),
                    )),
                    (None, None) => {}
                }
            }
            now.insert(path, d);
        }
        let mut indexes = out.indexes;
        for (name, full) in out.chunks {
            let path = format!("index/{name}.pf_index");
            let d = digest(full.as_bytes());
            if self.written.get(&path) == Some(&d) {
                indexes.word_indexes.remove(&name);
            }
            now.insert(path, d);
        }
        let mut unchanged = |path: String, bytes: &[u8]| {
            let d = digest(bytes);
            let same = self.written.get(&path) == Some(&d);
            now.insert(path, d);
            same
        };
        // Only the filters that changed are compressed.
        indexes
            .filter_indexes
            .retain(|name, bytes| !unchanged(format!("filter/{name}.pf_filter"), bytes));
        let outdir = &PathBuf::new();
        let mut files = Vec::new();
        files.extend(indexes.write_files_to_memory(&self.options, outdir, self.gzip_level));
        let entries = vec![indexes.get_lang_meta(&self.options)];
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        files.extend(runtime.block_on(crate::output::write_common_to_memory(
            entries,
            self.options.write_playground,
            outdir,
            &self.options,
        )));
        for f in files {
            let path = f.filename.to_string_lossy().replace('\\', "/");
            if path.starts_with("index/") {
                changed.push(f);
            } else if !unchanged(path, &f.contents) {
                changed.push(f);
            }
        }
        let removed = self
            .written
            .keys()
            .filter(|path| !now.contains_key(*path))
            .map(PathBuf::from)
            .collect();
        self.written = now;
        Ok(Some(LiveFiles {
            changed,
            renamed,
            removed,
        }))
    }
}

/// Files named relative to the bundle folder, as `get_files` names them.
fn fragment_files(fragments: Vec<crate::index::stream::Fragment>) -> Vec<SyntheticFile> {
    fragments
        .into_iter()
        .map(|(name, contents)| SyntheticFile {
            filename: PathBuf::from(format!("fragment/{name}.pf_fragment")),
            contents,
        })
        .collect()
}

impl PagefindIndex {
    /// Create a new PagefindIndex instance that files can be added to.
    ///
    /// # Arguments
    /// * `config` - An optional PagefindServiceConfig to override default options for the service.
    ///
    /// # Returns
    /// A PagefindIndex instance if search options are valid, otherwise an Error.
    pub fn new(config: Option<PagefindServiceConfig>) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");

        service_options.service = true;
        if let Some(config) = config {
            service_options = config.apply(service_options);
        }

        let options = SearchOptions::load(service_options)?;
        Ok(Self {
            search_index: Arc::new(tokio::sync::Mutex::new(SearchState::new(options))),
        })
    }

    /// clusterhub patch: builds the index once, moving the pages into it
    /// instead of copying them, and returns its files compressed at
    /// `gzip_level` (0-9). The index is empty afterwards.
    pub async fn take_files(&mut self, gzip_level: u32) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.consume_pages = true;
        state.gzip_level = gzip_level.min(9);
        state.build_indexes().await?;
        let files = state.get_files().await;
        state.built_indexes = Vec::new();
        Ok(files)
    }

    /// Add an HTML file that isn't on disk into this search index.
    /// Either a filepath or a URL must be provided.
    ///
    /// # Arguments
    /// * `source_path` - The source path of the HTML file if it were to exist on disk.
    /// * `url` - An explicit URL to use, instead of having Pagefind compute the URL based on the `source_path`.
    /// * `content` - The source HTML content of the file to be parsed.
    ///
    /// # Returns
    /// Metadata about the added file if successful, otherwise an Error.
    pub async fn add_html_file(
        &mut self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<IndexedFileResponse> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }

        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a custom record that isn't backed by an HTML file.
    ///
    /// # Arguments
    /// * `url` - The output URL of this record. Pagefind will not alter this.
    /// * `content` - The raw content of this record.
    /// * `language` - What language is this record written in. Expects an ISO 639-1 code.
    /// * `meta` - The metadata to attach to this record. Supplying a `title` is highly recommended.
    /// * `filters` - The filters to attach to this record.
    /// * `sort` - The sort keys to attach to this record.
    ///
    /// # Returns
    /// Metadata about the added record if successful, otherwise an Error.
    pub async fn add_custom_record(
        &mut self,
        url: String,
        content: String,
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<IndexedFileResponse> {
        let force_language = self
            .search_index
            .lock()
            .await
            .options
            .force_language
            .clone();
        let data = DomParserResult {
            digest: content,
            filters: filters.unwrap_or_default(),
            sort: sort.unwrap_or_default(),
            meta: meta.unwrap_or_default(),
            anchor_content: BTreeMap::new(),
            anchor_titles: BTreeMap::new(),
            has_custom_body: false,
            force_inclusion: true,
            has_html_element: true,
            has_old_bundle_reference: false,
            has_default_ui_reference: false,
            language: force_language.unwrap_or(language),
        };
        let file = Fossicker::new_with_data(url, data);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a directory of HTML files from disk.
    ///
    /// # Arguments
    /// * `path` - The path to the directory to index.
    /// * `glob` - A glob pattern to match files in the directory. If not provided, the default glob pattern will be used.
    ///
    /// # Returns
    /// The number of pages indexed if successful, otherwise an Error.
    pub async fn add_directory(&mut self, path: String, glob: Option<String>) -> Result<usize> {
        let defaults: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        let glob = glob.unwrap_or(defaults.glob);

        let state = Arc::clone(&self.search_index);
        let page_count = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_many(PathBuf::from(path), glob)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(page_count)
    }

    /// Build the search index for this instance and hold it in memory.
    pub async fn build_indexes(&mut self) -> Result<()> {
        self.search_index.lock().await.build_indexes().await
    }

    /// Build the search index for this instance and write the files to disk.
    ///
    /// # Arguments
    /// * `output_path` - The path to write the files to. If not provided, the default output path will be used.
    ///
    /// # Returns
    /// The path files were written to if successful, otherwise an Error.
    pub async fn write_files(&mut self, output_path: Option<String>) -> Result<String> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        let resolved_output_path = state.write_files(output_path.map(Into::into)).await;

        Ok(resolved_output_path.to_string_lossy().into())
    }

    /// Build the search index for this instance and return the files as a list of
    /// SyntheticFileResponse.
    ///
    /// # Returns
    /// A list of SyntheticFiles containing the path and content of each file.
    pub async fn get_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn test_add_file() {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        let file_response = index
            .add_html_file(
                Some("test/index.html".into()),
                None,
                "<html><body><h1>Test content</h1></body></html>".into(),
            )
            .await;

        let file = file_response.expect("Adding a file should succeed");
        assert_eq!(file.page_word_count, 2);
        assert_eq!(file.page_url, "/test/index.html");

        let files_response = index.get_files().await;

        let files = files_response.expect("Getting files should succeed");
        let filenames: Vec<_> = files.into_iter().map(|f| f.filename).collect();
        assert!(filenames.contains(&PathBuf::from("pagefind.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.css")));
        assert!(filenames.contains(&PathBuf::from("wasm.en.pagefind")));
        assert!(filenames.contains(&PathBuf::from("pagefind-entry.json")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_meta")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_fragment")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_index")));
    }
}
