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
/// files), and shared cheaply with the HTTP server. A file just rendered
/// may be held as it is until edits settle (`fresh`, then `settled`), so
/// compressing it is not on the edit path. Compression is deterministic,
/// and two `Packed` are equal exactly when their files are, however each
/// is held: files whose digests differ differ (nothing is read back), the
/// others are compared byte for byte.
#[derive(Clone)]
pub struct Packed {
    /// How `bytes` hold the file: `RAW`, `LZ4` or `FRESH`.
    tag: u8,
    /// The file's `digest`, kept so that comparing a file just rendered
    /// with a compressed one it replaces seldom decompresses it.
    digest: u64,
    bytes: Arc<Vec<u8>>,
}

/// A hash of a file's bytes, the same for the same bytes in every run
/// (foldhash with a fixed seed: several times faster than SipHash on long
/// files, and than reading back an LZ4 file). `Packed` keeps one; the
/// session tells a source file that changed by it.
pub(crate) fn digest(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).hash_one(bytes)
}

/// How a `Packed` holds its file's bytes.
const RAW: u8 = 0;
const LZ4: u8 = 1;
/// As it is, not yet tried for compression (`Packed::settled`).
const FRESH: u8 = 2;

impl Packed {
    pub fn new(bytes: &[u8]) -> Packed {
        Packed::compressed(bytes, digest(bytes))
    }

    /// `new`, for bytes whose digest is known.
    fn compressed(bytes: &[u8], digest: u64) -> Packed {
        let compressed = lz4_flex::compress_prepend_size(bytes);
        if compressed.len() < bytes.len() {
            // Kept as made: lz4_flex gives back the room it took for the
            // worst case (see the test on `capacity`).
            Packed::tagged(LZ4, digest, compressed)
        } else {
            Packed::tagged(RAW, digest, bytes.to_vec())
        }
    }

    /// The bytes as they are, to be compressed once edits settle
    /// (`settled`). Takes them without a copy, room to spare included:
    /// a few outputs (`FRESH_AT_MOST` bytes in `live`) for a moment.
    pub fn fresh(bytes: Vec<u8>) -> Packed {
        Packed::tagged(FRESH, digest(&bytes), bytes)
    }

    fn tagged(tag: u8, digest: u64, bytes: Vec<u8>) -> Packed {
        Packed {
            tag,
            digest,
            bytes: Arc::new(bytes),
        }
    }

    /// Held as `fresh` made it: `settled` would compress it.
    pub fn is_fresh(&self) -> bool {
        self.tag == FRESH
    }

    /// The same file as `new` holds it (compressed when that makes it
    /// smaller).
    pub fn settled(&self) -> Packed {
        match self.tag {
            FRESH => Packed::compressed(&self.bytes, self.digest),
            _ => self.clone(),
        }
    }

    /// Whether both hold their bytes in the same memory (one is a clone of
    /// the other).
    pub fn shares(&self, other: &Packed) -> bool {
        Arc::ptr_eq(&self.bytes, &other.bytes)
    }

    /// The file's bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        match self.tag {
            LZ4 => lz4_flex::decompress_size_prepended(&self.bytes).unwrap_or_default(),
            _ => self.bytes.to_vec(),
        }
    }

    /// Bytes held in memory.
    pub fn held(&self) -> usize {
        self.bytes.len()
    }
}

impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        if self.shares(other) {
            return true;
        }
        if self.digest != other.digest {
            return false;
        }
        let (x, y) = (&self.bytes[..], &other.bytes[..]);
        match (self.tag == LZ4, other.tag == LZ4) {
            // Held alike (both compressed, or both as they are): the same
            // bytes held is the same file.
            (true, true) | (false, false) => x == y,
            // One compressed: its size first, then its bytes.
            (true, false) => same_file(x, y),
            (false, true) => same_file(y, x),
        }
    }
}

/// Whether LZ4 bytes `packed` are the file `plain`.
fn same_file(packed: &[u8], plain: &[u8]) -> bool {
    let size = lz4_flex::block::uncompressed_size(packed).map(|(n, _)| n);
    size.is_ok_and(|n| n == plain.len())
        && lz4_flex::decompress_size_prepended(packed).is_ok_and(|b| b == plain)
}

impl Eq for Packed {}

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
        // The memory held, not only the bytes: no room kept for LZ4's worst
        // case (a little over the input's size).
        assert!(Packed::new(html.as_bytes()).bytes.capacity() * 4 < html.len());
        assert_ne!(Packed::new(b"a"), Packed::new(b"b"));
    }

    #[test]
    fn a_fresh_file_equals_its_compressed_self_and_settles_into_it() {
        let html = "<li><a href=\"/case-studies/x/\">X</a></li>\n".repeat(200);
        let other = html.replacen("x/", "y/", 1);
        for bytes in [html.as_bytes(), b"tiny", b""] {
            let fresh = Packed::fresh(bytes.to_vec());
            assert!(fresh.is_fresh());
            assert_eq!(fresh.to_vec(), bytes);
            assert_eq!(fresh, Packed::new(bytes));
            assert_eq!(Packed::new(bytes), fresh);
            let settled = fresh.settled();
            assert!(!settled.is_fresh());
            assert_eq!(settled.held(), Packed::new(bytes).held());
            assert_eq!(settled, fresh);
        }
        // Same length, other bytes: told apart however each is held.
        assert_eq!(html.len(), other.len());
        assert_ne!(
            Packed::fresh(html.as_bytes().to_vec()),
            Packed::new(other.as_bytes())
        );
        assert_ne!(
            Packed::new(other.as_bytes()),
            Packed::fresh(html.as_bytes().to_vec())
        );
        assert_ne!(Packed::fresh(b"a".to_vec()), Packed::new(b""));
        let held = Packed::fresh(b"a".to_vec());
        assert!(held.shares(&held.clone()));
        assert!(!held.shares(&Packed::fresh(b"a".to_vec())));
    }
}
