//! What a build puts in the output folder, as plain data every stage may
//! use: the files clusterhub makes (`Output`) and the files it copies as
//! they are (`Asset`). Knows nothing of how either is made or written.

use std::path::PathBuf;
use std::sync::Arc;

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

/// The bytes of a file as `serve` keeps them in memory: LZ4-compressed
/// when that makes them smaller (HTML about 3.4 times: a 10,000-page site
/// is some 350 MB of it), else as they are (PNG, the search index's gzip
/// files), and shared cheaply with the HTTP server. Compression is
/// deterministic, so two `Packed` are equal exactly when their files are.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed(Arc<[u8]>);

/// The first byte of a `Packed`: how the rest is stored.
const RAW: u8 = 0;
const LZ4: u8 = 1;

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        let compressed = lz4_flex::compress_prepend_size(bytes);
        let (tag, kept) = if compressed.len() < bytes.len() {
            (LZ4, &compressed[..])
        } else {
            (RAW, bytes)
        };
        let mut packed = Vec::with_capacity(kept.len() + 1);
        packed.push(tag);
        packed.extend_from_slice(kept);
        Packed(packed.into())
    }

    /// The file's bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        match self.0.split_first() {
            Some((&LZ4, rest)) => lz4_flex::decompress_size_prepended(rest).unwrap_or_default(),
            Some((_, rest)) => rest.to_vec(),
            None => Vec::new(),
        }
    }

    /// Bytes held in memory.
    pub fn held(&self) -> usize {
        self.0.len()
    }
}

impl From<Vec<u8>> for Packed {
    fn from(bytes: Vec<u8>) -> Packed {
        Packed::new(&bytes)
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes held)", self.held())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_bytes_read_back_as_written_and_compare_as_their_files() {
        let html = "<li><a href=\"/case-studies/x/\">X</a></li>\n".repeat(200);
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for bytes in [html.as_bytes(), &noise[..], b""] {
            let packed = Packed::new(bytes);
            assert_eq!(packed.to_vec(), bytes);
            assert_eq!(packed, Packed::new(bytes));
            assert!(packed.held() <= bytes.len() + 1);
        }
        assert!(Packed::new(html.as_bytes()).held() * 4 < html.len());
        assert_ne!(Packed::new(b"a"), Packed::new(b"b"));
    }
}
