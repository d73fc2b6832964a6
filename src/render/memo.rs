//! Remembered renders of a partial: the template function `memo_include`
//! renders a template with only the arguments it is given and keeps the
//! HTML, so a card shown on many outputs (a listing, its terms, the pages
//! that relate to it) is rendered once, and `serve` renders again only the
//! cards whose page changed when a page is added. Calls nest (a listing
//! page's whole grid of cards, around its cards' own calls): a render's
//! lookups are told to the remembered render around it.
//!
//! A remembered render is reused when the same template is called with the
//! same arguments: the same shared values (a page's summary is one
//! reference-counted Tera map per build, kept across `serve`'s edits while
//! the page is unchanged, so its address names it; the entry holds a clone,
//! so the address cannot be reused while it is kept) and equal plain values.
//! The pages the render looked up (`get_page`, `get_pages`) are kept with
//! what they gave; the render is reused only if each lookup gives the same
//! now, and those lookups are told to the recorder again for the output
//! being rendered, so `serve` knows that output read them.
//!
//! The memo is emptied when what a render may depend on besides its
//! arguments changes: the templates, the theme's words, the language
//! (`Memo::start`).

use super::lookups::{Lookup, LookupRecorder, Read, capture, report_all};
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tera::{Tera, Value};

/// How many renders a memo keeps per page of the site before it lets the
/// least recently used go: a card of every page in a few variants (a
/// listing's, a term's, a city's...) and the grids of cards of listings
/// fit, with room for hundreds of edits (the first render of the
/// 10,000-page synthetic hub makes 4.2 a page, an edit about 50 more; each
/// holds about 2 KB: its HTML and what it was called with).
const ENTRIES_PER_PAGE: usize = 6;

/// Remembered renders of partials, for one language's templates; kept by
/// `serve` across edits. A build keeps none (`Memo::off`): measured at
/// 10,300 pages, keeping them did not make a full build faster (each card
/// is shown by few outputs of one build) and took 200 MB more.
#[derive(Default)]
pub(crate) struct Memo {
    off: bool,
    state: Mutex<MemoState>,
}

#[derive(Default)]
struct MemoState {
    /// What the entries were rendered with (`Memo::start`).
    generation: u64,
    /// Which render pass this is (one per `Memo::start`): the site does
    /// not change while it is rendered, so a lookup found to give what it
    /// gave need not be checked again in the same pass.
    pass: u64,
    /// By the hash of their template and arguments.
    entries: HashMap<u64, Vec<Arc<Entry>>>,
    count: usize,
    /// How many entries it keeps before it lets some go (`let_go`).
    limit: usize,
}

impl MemoState {
    /// Lets go of the renders used longest ago, so that at most half the
    /// limit is kept, but never one used in this pass: a render pass keeps
    /// all it makes (the first render of a site makes a card of every
    /// page), and the limit grows to twice what it keeps.
    fn let_go(&mut self) {
        let mut used: BTreeMap<u64, usize> = BTreeMap::new();
        for e in self.entries.values().flatten() {
            *used.entry(e.checked.load(Ordering::Relaxed)).or_default() += 1;
        }
        // The oldest pass kept: the newest passes while they fit.
        let mut kept = 0;
        let mut oldest = self.pass;
        for (&pass, &n) in used.iter().rev() {
            if pass < self.pass && kept + n > self.limit / 2 {
                break;
            }
            kept += n;
            oldest = pass;
        }
        self.entries.retain(|_, list| {
            list.retain(|e| e.checked.load(Ordering::Relaxed) >= oldest);
            !list.is_empty()
        });
        self.count = kept;
        self.limit = self.limit.max(kept * 2);
    }
}

/// One remembered render.
struct Entry {
    template: String,
    /// The arguments' names and how they were told apart.
    args: Vec<(String, Token)>,
    /// The arguments themselves: holding them keeps the addresses in
    /// `args` from naming anything else.
    _pinned: Vec<Value>,
    /// A safe string, shared: Tera keeps a long string behind an `Arc`,
    /// so each use is a count, not a copy.
    html: Value,
    reads: Vec<Read>,
    /// The last pass in which every lookup gave what it gave (`Memo::get`).
    checked: AtomicU64,
}

/// An argument as the memo tells it apart: a map by its address, a list
/// by its elements, anything else by its value.
#[derive(PartialEq, Eq)]
enum Token {
    Map(usize),
    List(Vec<Token>),
    Plain(Value),
}

impl Token {
    fn of(value: &Value) -> Token {
        // (`matches` must tell apart what this tells apart.)
        if let Some(map) = value.as_map() {
            Token::Map(std::ptr::from_ref(map) as usize)
        } else if let Some(items) = value.as_array() {
            Token::List(items.iter().map(Token::of).collect())
        } else {
            Token::Plain(value.clone())
        }
    }

    /// Whether `value` is told apart as this token (`Token::of(value) ==
    /// *self`, without making a token).
    fn matches(&self, value: &Value) -> bool {
        match (self, value.as_map(), value.as_array()) {
            (Token::Map(address), Some(map), _) => *address == std::ptr::from_ref(map) as usize,
            (Token::List(items), None, Some(values)) => {
                items.len() == values.len() && items.iter().zip(values).all(|(t, v)| t.matches(v))
            }
            (Token::Plain(plain), None, None) => plain == value,
            _ => false,
        }
    }

    fn feed(&self, h: &mut impl Hasher) {
        match self {
            Token::Map(address) => (0u8, address).hash(h),
            Token::List(items) => {
                (1u8, items.len()).hash(h);
                items.iter().for_each(|t| t.feed(h));
            }
            Token::Plain(v) => (2u8, super::hash::value_hash(v).main).hash(h),
        }
    }
}

impl Entry {
    /// Whether the entry was rendered with `args` (sorted by name).
    fn called_with(&self, args: &[(&str, &Value)]) -> bool {
        self.args.len() == args.len()
            && (self.args.iter())
                .zip(args)
                .all(|((name, token), (n, v))| name == n && token.matches(v))
    }
}

/// Whether a lookup gives now what it gave: the same shared maps (by
/// address), lists of them, equal plain values.
fn same(now: &Value, then: &Value) -> bool {
    match (now.as_map(), then.as_map()) {
        (Some(a), Some(b)) => return std::ptr::eq(a, b),
        (None, None) => {}
        _ => return false,
    }
    match (now.as_array(), then.as_array()) {
        (Some(a), Some(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (None, None) => now == then,
        _ => false,
    }
}

impl Memo {
    /// A memo that keeps nothing: every call renders.
    pub(crate) fn off() -> Memo {
        Memo {
            off: true,
            ..Memo::default()
        }
    }

    /// Empties the memo unless its entries were rendered with the same
    /// `generation` (a hash of the templates, the theme's words and the
    /// language); it keeps renders for a site of `pages` pages.
    pub(crate) fn start(&self, generation: u64, pages: usize) {
        if let Ok(mut state) = self.state.lock() {
            let pass = state.pass + 1;
            if state.generation != generation {
                *state = MemoState {
                    generation,
                    ..MemoState::default()
                };
            }
            state.pass = pass;
            state.limit = state.limit.max((pages + 256) * ENTRIES_PER_PAGE);
        }
    }

    /// The remembered render of `template` with `args`, if every lookup it
    /// made gives the same now (`now`).
    fn get(
        &self,
        key: u64,
        template: &str,
        args: &[(&str, &Value)],
        now: &dyn Fn(&Lookup) -> Value,
    ) -> Option<Arc<Entry>> {
        let state = self.state.lock().ok()?;
        let pass = state.pass;
        let found = state
            .entries
            .get(&key)?
            .iter()
            .find(|e| e.template == template && e.called_with(args))?
            .clone();
        drop(state);
        if found.checked.load(Ordering::Relaxed) == pass {
            return Some(found);
        }
        let fresh = (found.reads.iter()).all(|r| same(&now(&r.lookup), &r.seen));
        fresh.then(|| {
            found.checked.store(pass, Ordering::Relaxed);
            found
        })
    }

    /// The pass an entry rendered now is checked in.
    fn pass(&self) -> u64 {
        self.state.lock().map_or(0, |state| state.pass)
    }

    fn put(&self, key: u64, entry: Entry) {
        if self.off {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.count >= state.limit {
            state.let_go();
        }
        let list = state.entries.entry(key).or_default();
        // A stale entry of the same call (a lookup changed) is replaced.
        let before = list.len();
        list.retain(|e| !(e.template == entry.template && e.args == entry.args));
        let replaced = before - list.len();
        list.push(Arc::new(entry));
        state.count = (state.count + 1).saturating_sub(replaced);
    }
}

/// Everything `memo_include` needs: the memo, the templates it renders
/// with (set once they are parsed), what lookups give now, the recorder.
pub(super) struct MemoInclude {
    pub memo: Arc<Memo>,
    pub tera: Arc<OnceLock<Weak<Tera>>>,
    pub now: Arc<dyn Fn(&Lookup) -> Value + Send + Sync>,
    pub recorder: Option<Arc<dyn LookupRecorder>>,
}

impl MemoInclude {
    /// `memo_include(template="partials/card.html", item=item, ...)`: the
    /// template rendered with only these arguments, remembered.
    pub(super) fn call(
        &self,
        kwargs: &tera::Kwargs,
        state: &tera::State,
    ) -> tera::TeraResult<Value> {
        let template: &str = kwargs.must_get("template")?;
        let mut given: Vec<(&str, &Value)> = kwargs
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .filter(|(k, _)| *k != "template")
            .collect();
        given.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = super::hash::hasher();
        template.hash(&mut h);
        for (name, value) in &given {
            name.hash(&mut h);
            Token::of(value).feed(&mut h);
        }
        let key = h.finish();
        if let Some(entry) = self.memo.get(key, template, &given, self.now.as_ref()) {
            report_all(self.recorder.as_ref(), state, &entry.reads);
            return Ok(entry.html.clone());
        }
        let pass = self.memo.pass();
        let (html, reads) = self.render(template, &given)?;
        report_all(self.recorder.as_ref(), state, &reads);
        let value = Value::safe_string(&html);
        let entry = Entry {
            template: template.to_string(),
            args: (given.iter())
                .map(|(k, v)| (k.to_string(), Token::of(v)))
                .collect(),
            _pinned: given.iter().map(|(_, v)| (*v).clone()).collect(),
            html: value.clone(),
            reads,
            checked: AtomicU64::new(pass),
        };
        self.memo.put(key, entry);
        Ok(value)
    }

    /// Renders `template` with `args` only; returns its HTML and the
    /// lookups it made.
    fn render(
        &self,
        template: &str,
        args: &[(&str, &Value)],
    ) -> tera::TeraResult<(String, Vec<Read>)> {
        let tera = self
            .tera
            .get()
            .and_then(Weak::upgrade)
            .ok_or_else(|| tera::Error::message("memo_include: the templates are not ready"))?;
        let mut context = tera::Context::new();
        for (name, value) in args {
            context.insert_value(name.to_string(), (*value).clone());
        }
        let (rendered, reads) = capture(|| tera.render(template, &context));
        Ok((rendered?, reads))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, pass: u64) -> Entry {
        Entry {
            template: name.to_string(),
            args: Vec::new(),
            _pinned: Vec::new(),
            html: Value::safe_string(name),
            reads: Vec::new(),
            checked: AtomicU64::new(pass),
        }
    }

    fn kept(memo: &Memo) -> Vec<String> {
        let state = memo.state.lock().unwrap();
        let mut names: Vec<String> = (state.entries.values().flatten())
            .map(|e| e.template.clone())
            .collect();
        names.sort();
        names
    }

    /// A full memo lets go of the renders used longest ago, never of
    /// those of the pass under way: the first render of a site keeps all
    /// it makes, however many.
    #[test]
    fn a_full_memo_lets_go_of_the_renders_used_longest_ago() {
        let memo = Memo::default();
        let start = |limit: usize| {
            memo.start(1, 0);
            memo.state.lock().unwrap().limit = limit;
        };
        start(4);
        for n in 0..6 {
            memo.put(n, entry(&format!("first-{n}"), 1));
        }
        assert_eq!(kept(&memo).len(), 6, "a pass keeps all it makes");
        // The next pass uses one of them again and makes three renders:
        // the third finds the memo full (8, twice what the first kept).
        start(8);
        let used_again = memo.state.lock().unwrap().entries[&0][0].clone();
        used_again.checked.store(2, Ordering::Relaxed);
        for n in ["a", "b", "c"] {
            memo.put(
                100 + u64::from(n.as_bytes()[0]),
                entry(&format!("second-{n}"), 2),
            );
        }
        let names = kept(&memo);
        assert_eq!(
            names,
            ["first-0", "second-a", "second-b", "second-c"],
            "only the second pass's renders stay"
        );
    }
}
