//! What a build puts in the output folder, as plain data every stage may
//! use: the files clusterhub makes (`Output`) and the files it copies as
//! they are (`Asset`). Knows nothing of how either is made or written.

use std::path::PathBuf;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where the bytes of an `Asset` are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetFrom {
    /// A file of the hub (canonical: the target, for a link).
    File(PathBuf),
    /// A file of the built-in theme, in the binary.
    Builtin(&'static [u8]),
    /// A file clusterhub made from a hub file (an image variant in the
    /// image cache): `file` is published only while `source` (canonical)
    /// is still the file that was listed, so `serve` never answers for a
    /// file a link replaced.
    Made { file: PathBuf, source: PathBuf },
    /// A file clusterhub made into its cache from no file of the hub (a
    /// social card): named by its content, so it never changes under its
    /// name.
    Cache(PathBuf),
}

/// A file copied verbatim to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where the bytes are.
    pub from: AssetFrom,
    /// Relative to the output folder, `/` separators.
    pub to: String,
    /// Relative to the hub root, `/` separators (the link's own path for a
    /// link): `content/cities/map.png`, `themes/cluster/static/style.css`.
    pub path: String,
}
