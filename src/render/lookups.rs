//! What templates read through the template functions (`get_page`,
//! `get_pages`): the `Lookup` told to `serve`'s `LookupRecorder` for the
//! output being rendered, or captured by the remembered render
//! (`memo_include`) running on the thread, which tells its caller in turn.

use std::cell::RefCell;
use std::sync::Arc;
use tera::Value;

/// A page or listing a template read through a function.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Lookup {
    /// `get_page(path=...)`, by its lookup key (`cities/belfast`).
    Page(String),
    /// `get_pages(collection=...)`.
    Pages(String),
}

/// Told of every `get_page`/`get_pages` call templates make (`serve`
/// records them to know what each output read; see `deps::Lookups`).
pub(crate) trait LookupRecorder: Send + Sync {
    /// `current_url`: of the output being rendered, empty when the
    /// template could not see it (e.g. inside a macro).
    fn record(&self, current_url: &str, lookup: Lookup);

    /// Several lookups of one output at once (a remembered render's).
    fn record_all(&self, current_url: &str, lookups: &mut dyn Iterator<Item = &Lookup>) {
        for lookup in lookups {
            self.record(current_url, lookup.clone());
        }
    }
}

/// The `current_url` a template function was called from (empty if none).
pub(super) fn current_url(state: &tera::State) -> String {
    state
        .get::<String>("current_url")
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// A page or listing a remembered render looked up, and what it gave.
#[derive(Clone)]
pub(super) struct Read {
    pub lookup: Lookup,
    pub seen: Value,
}

thread_local! {
    /// The lookups of the remembered renders running on this thread,
    /// innermost last (a render runs on one thread, from start to end).
    static FRAMES: RefCell<Vec<Vec<Read>>> = const { RefCell::new(Vec::new()) };
}

/// Tells that a template read `lookup`, which gave `seen`: to the
/// remembered render running on this thread if there is one (which tells
/// its caller in turn), else to `recorder` for the output being rendered.
pub(super) fn report(
    recorder: Option<&Arc<dyn LookupRecorder>>,
    state: &tera::State,
    lookup: Lookup,
    seen: &Value,
) {
    let captured = FRAMES.with(|frames| match frames.borrow_mut().last_mut() {
        Some(frame) => {
            frame.push(Read {
                lookup: lookup.clone(),
                seen: seen.clone(),
            });
            true
        }
        None => false,
    });
    if let (false, Some(r)) = (captured, recorder) {
        r.record(&current_url(state), lookup);
    }
}

/// Tells what a remembered render read (`reads`), as `report` tells each
/// read: to the remembered render around it if there is one, else to
/// `recorder` for the output being rendered, all at once.
pub(super) fn report_all(
    recorder: Option<&Arc<dyn LookupRecorder>>,
    state: &tera::State,
    reads: &[Read],
) {
    if reads.is_empty() {
        return;
    }
    let captured = FRAMES.with(|frames| match frames.borrow_mut().last_mut() {
        Some(frame) => {
            frame.extend_from_slice(reads);
            true
        }
        None => false,
    });
    if let (false, Some(r)) = (captured, recorder) {
        r.record_all(&current_url(state), &mut reads.iter().map(|r| &r.lookup));
    }
}

/// Runs `render` with the lookups it makes captured (not told to the
/// recorder); returns them with its result.
pub(super) fn capture<T>(render: impl FnOnce() -> T) -> (T, Vec<Read>) {
    FRAMES.with(|f| f.borrow_mut().push(Vec::new()));
    let result = render();
    let reads = FRAMES.with(|f| f.borrow_mut().pop()).unwrap_or_default();
    (result, reads)
}
