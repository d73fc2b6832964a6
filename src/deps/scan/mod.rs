//! What a template's text says of what it depends on, read without
//! running it: the templates it extends, includes or imports
//! (`referenced_templates`), and which counts of the site it may read
//! (`reads_counts`), following where each name was bound.

use std::collections::{HashMap, HashSet};

/// How far a value of the templates can reach the site's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// Holds no count of the site (`term`, `map`, `paginator`).
    Plain,
    /// Holds the count of the output's own collection (`collection` in a
    /// listing, `page.collection_info`).
    Own,
    /// May hold any count of the site (`site`, `taxonomy` with its terms'
    /// counts, and whatever is unknown).
    Site,
}

/// Which counts of the site templates (a template and all it reaches)
/// may read: those of the shared site value, those of the output's own
/// collection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CountReads {
    pub site: bool,
    pub own: bool,
}

/// Which counts of the site templates may read: a count is only reached
/// by naming it (`c.count`, `c["count"]`, a variable `count`) or by
/// handing a whole value to a filter or function that writes it out
/// (`json_encode`, `tojson`, `__tera_context`). What `c` is follows from
/// where it was bound (`for`, `set`, a macro's argument: anything), so
/// `{% for g in term.collections %}{{ g.count }}` reads none. Comments and
/// string literals do not count; anything unknown reaches every count
/// (safe: the output is then re-rendered when a count changes).
pub(crate) fn reads_counts(files: &[(&str, &str)]) -> CountReads {
    let tagged: Vec<(&str, Vec<Tag>)> = files.iter().map(|(n, t)| (*n, tags(t))).collect();
    let scanned: Vec<Vec<String>> = (tagged.iter())
        .map(|(_, tags)| tags.iter().map(|t| t.scan.clone()).collect())
        .collect();
    let globals = global_names(&scanned);
    let bindable = bindable_templates(files);
    // A remembered partial's arguments reach what the calls pass (the
    // same, in a chain of partials, once each caller's are known).
    let mut bound = Bindings::new();
    for _ in 0..=files.len() {
        let (reads, next) = scan(&tagged, &globals, &bound, &bindable);
        if next == bound {
            return reads;
        }
        bound = next;
    }
    scan(&tagged, &globals, &Bindings::new(), &HashSet::new()).0
}

/// By template: what each argument of its `memo_include` calls reaches.
type Bindings = HashMap<String, HashMap<String, Reach>>;

/// One pass over the templates with the partials' arguments `bound`: the
/// counts they read, and the arguments the calls they make pass.
fn scan(
    files: &[(&str, Vec<Tag>)],
    globals: &HashMap<String, Reach>,
    bound: &Bindings,
    bindable: &HashSet<String>,
) -> (CountReads, Bindings) {
    let mut reads = CountReads::default();
    let mut passed = Bindings::new();
    for (name, tags) in files {
        let mut scopes: Vec<HashMap<String, Reach>> =
            bound.get(*name).into_iter().cloned().collect();
        for tag in tags {
            let reach = |w: &str| lookup(w, &scopes, globals);
            for (template, args) in memo_calls(tag) {
                if !bindable.contains(&template) {
                    continue;
                }
                let slot = passed.entry(template).or_default();
                for (arg, expr) in args {
                    let r = expr_reach(&expr, &reach);
                    let at = slot.entry(arg).or_insert(r);
                    *at = (*at).max(r);
                }
            }
            let r = count_read(&tag.scan, &reach);
            reads.site |= r == Some(Reach::Site);
            reads.own |= r.is_some();
            bind(&tag.scan, &mut scopes, globals);
        }
    }
    (reads, passed)
}

/// What a tag binds: a `for` loop's names, a macro's arguments, a `set`
/// inside a scope.
fn bind(tag: &str, scopes: &mut Vec<HashMap<String, Reach>>, globals: &HashMap<String, Reach>) {
    let (word, rest) = first_word(tag);
    match word {
        "for" => {
            let (names, expr) = rest.split_once(" in ").unwrap_or((rest, "site"));
            let class = expr_reach(expr, &|w| lookup(w, scopes, globals));
            scopes.push(
                names
                    .split(',')
                    .map(|n| (n.trim().to_string(), class))
                    .collect(),
            );
        }
        "macro" => scopes.push(
            macro_args(rest)
                .map(|n| (n.to_string(), Reach::Site))
                .collect(),
        ),
        "endfor" | "endmacro" => {
            scopes.pop();
        }
        "set" if !scopes.is_empty() => {
            if let Some((n, e)) = rest.split_once('=') {
                let class = expr_reach(e, &|w| lookup(w, scopes, globals));
                if let Some(scope) = scopes.last_mut() {
                    scope.insert(n.trim().to_string(), class);
                }
            }
        }
        _ => {}
    }
}

/// The templates whose names bind to the arguments of the calls that
/// remember them: each named only by `memo_include` (a template also
/// included, extended or imported sees its includer's names). None when
/// some call's template is computed: it could be any.
fn bindable_templates(files: &[(&str, &str)]) -> HashSet<String> {
    let mut memo = HashSet::new();
    let mut plain = HashSet::new();
    for (_, text) in files {
        let (Some(m), Some(p)) = (memo_included(text), plain_referenced(text)) else {
            return HashSet::new();
        };
        memo.extend(m);
        plain.extend(p);
    }
    memo.retain(|t| !plain.contains(t));
    memo
}

/// The `memo_include` calls of a tag: each template named, with its other
/// arguments (name, expression). A call whose name cannot be read is left
/// out (`bindable_templates` then binds nothing).
fn memo_calls(tag: &Tag) -> Vec<(String, Vec<(String, String)>)> {
    if !tag.scan.contains("memo_include") {
        return Vec::new();
    }
    let Some(names) = memo_included(&format!("{{{{{}}}}}", tag.raw)) else {
        return Vec::new();
    };
    let calls: Vec<Vec<(String, String)>> = (tag.scan.match_indices("memo_include"))
        .filter_map(|(i, _)| {
            let call = tag.scan[i + "memo_include".len()..]
                .trim_start()
                .strip_prefix('(')?;
            Some(call_arguments(call))
        })
        .collect();
    if calls.len() != names.len() {
        return Vec::new();
    }
    names.into_iter().zip(calls).collect()
}

/// The `name=expression` arguments of a call, from after its `(` to its
/// closing `)`, `template` left out.
fn call_arguments(call: &str) -> Vec<(String, String)> {
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in call.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ',' | ')' if depth == 0 => {
                if let Some((n, e)) = call[start..i].split_once('=') {
                    let n = n.trim();
                    if n != "template" && n.chars().all(is_name_char) {
                        args.push((n.to_string(), e.to_string()));
                    }
                }
                start = i + 1;
                if c == ')' {
                    break;
                }
            }
            _ => {}
        }
    }
    args
}

/// The first word of a tag, and the rest.
fn first_word(tag: &str) -> (&str, &str) {
    let tag = tag.trim_start_matches(['-', '+']).trim();
    tag.split_once(char::is_whitespace).unwrap_or((tag, ""))
}

/// The names of a macro's arguments (`name(a, b=1)`).
fn macro_args(rest: &str) -> impl Iterator<Item = &str> {
    let args = rest.split_once('(').map_or("", |(_, a)| a);
    let args = args.split(')').next().unwrap_or("");
    args.split(',')
        .filter_map(|a| a.split('=').next())
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

/// What a name reaches: its innermost binding, else a variable `set` at
/// the top of a template, else a variable of the context.
fn lookup(
    name: &str,
    scopes: &[HashMap<String, Reach>],
    globals: &HashMap<String, Reach>,
) -> Reach {
    if let Some(r) = scopes.iter().rev().find_map(|s| s.get(name)) {
        return *r;
    }
    if let Some(r) = globals.get(name) {
        return *r;
    }
    match name {
        "term" | "map" | "paginator" => Reach::Plain,
        "collection" | "page" => Reach::Own,
        _ => Reach::Site,
    }
}

/// What the value of an expression reaches: that of the name it starts
/// from, at least `Own` if it names `collection_info` or `collection`,
/// `Site` if it names `site`.
fn expr_reach(expr: &str, reach: &dyn Fn(&str) -> Reach) -> Reach {
    let mut words = expr
        .split(|c: char| !is_name_char(c))
        .filter(|w| !w.is_empty());
    let first = words.next().map_or(Reach::Plain, reach);
    let named = expr
        .split(|c: char| !is_name_char(c))
        .map(|w| match w {
            "site" => Reach::Site,
            "collection" | "collection_info" => Reach::Own,
            _ => Reach::Plain,
        })
        .max()
        .unwrap_or(Reach::Plain);
    first.max(named)
}

/// The widest count one tag reads (`None`: none).
fn count_read(tag: &str, reach: &dyn Fn(&str) -> Reach) -> Option<Reach> {
    if writes_whole_values(tag) {
        return Some(Reach::Site);
    }
    tag.match_indices("count")
        .filter_map(|(at, _)| {
            let (before, after) = (&tag[..at], &tag[at + 5..]);
            if before.ends_with(is_name_char) || after.starts_with(is_name_char) {
                return None;
            }
            let Some(chain) = before.strip_suffix('.') else {
                // A keyword argument (`count=n`) names no value.
                let after = after.trim_start();
                let kwarg = after.starts_with('=') && !after.starts_with("==");
                return (!kwarg).then_some(Reach::Site);
            };
            let start = chain.rfind(|c: char| !(is_name_char(c) || c == '.'));
            let chain = &chain[start.map_or(0, |i| i + 1)..];
            let root = reach(chain.split('.').next().unwrap_or(""));
            let info = chain.split('.').any(|p| p == "collection_info");
            let r = if info { root.max(Reach::Own) } else { root };
            (r != Reach::Plain).then_some(r)
        })
        .max()
}

/// Whether a tag hands a whole value to what writes it out: the
/// `__tera_context` variable, or a `json_encode`/`tojson` filter whose input
/// is not the theme's `t(...)` (a sentence in the page's language, which
/// holds no count of the site: `{{ t(key="narrow-match", count=n) |
/// json_encode }}` only quotes a string).
fn writes_whole_values(tag: &str) -> bool {
    let words = || tag.split(|c: char| !is_name_char(c));
    if words().any(|w| w == "__tera_context") {
        return true;
    }
    let mut at = 0;
    while let Some(found) = tag[at..].find(['j', 't']) {
        let start = at + found;
        at = start + 1;
        let rest = &tag[start..];
        let filter = ["json_encode", "tojson"]
            .into_iter()
            .find(|f| rest.starts_with(f) && !rest[f.len()..].starts_with(is_name_char));
        let Some(filter) = filter.filter(|_| !tag[..start].ends_with(is_name_char)) else {
            continue;
        };
        at = start + filter.len();
        let before = tag[..start].trim_end();
        let Some(input) = before.strip_suffix('|') else {
            // Not a filter (`json_encode(value=x)` as a function, or a name
            // ending so): a whole value all the same.
            return true;
        };
        if !is_translation_call(input.trim_end()) {
            return true;
        }
    }
    false
}

/// Whether an expression ends with a call of the theme's `t` function
/// (`t(key="x", count=n)`), matched by its parentheses.
fn is_translation_call(expr: &str) -> bool {
    let Some(inner) = expr.strip_suffix(')') else {
        return false;
    };
    let mut depth = 1usize;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let name_end = inner[..i].trim_end();
                    let name_start = name_end
                        .rfind(|c: char| !is_name_char(c))
                        .map_or(0, |j| j + 1);
                    return &name_end[name_start..] == "t";
                }
            }
            _ => {}
        }
    }
    false
}

/// What each variable `set` at the top of a template (or `set_global`)
/// reaches: the widest of its bindings in any of the templates.
fn global_names(files: &[Vec<String>]) -> HashMap<String, Reach> {
    let mut bound: Vec<(String, String)> = Vec::new();
    for tags in files {
        let mut depth = 0usize;
        for tag in tags {
            let (word, rest) = first_word(tag);
            match word {
                "for" | "macro" => depth += 1,
                "endfor" | "endmacro" => depth = depth.saturating_sub(1),
                "set" | "set_global" if depth == 0 || word == "set_global" => {
                    if let Some((n, e)) = rest.split_once('=') {
                        bound.push((n.trim().to_string(), e.to_string()));
                    }
                }
                _ => {}
            }
        }
    }
    let mut globals: HashMap<String, Reach> = bound
        .iter()
        .map(|(n, _)| (n.clone(), Reach::Plain))
        .collect();
    loop {
        let mut changed = false;
        for (n, e) in &bound {
            let r = expr_reach(e, &|w| lookup(w, &[], &globals));
            if let Some(g) = globals.get_mut(n)
                && r > *g
            {
                *g = r;
                changed = true;
            }
        }
        if !changed {
            return globals;
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A tag's inside, as scanned (`tags`) and as written.
struct Tag {
    scan: String,
    raw: String,
}

/// The inside of every `{{ }}` and `{% %}` tag (comments left out), with
/// `x["name"]` written `x.name` and other string literals blanked.
fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let close = match rest.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => {
                rest = rest.find("#}").map_or("", |e| &rest[e + 2..]);
                continue;
            }
            _ => continue,
        };
        let end = rest.find(close).unwrap_or(rest.len());
        out.push(Tag {
            scan: blank_literals(&rest[1..end]),
            raw: rest[1..end].to_string(),
        });
        rest = &rest[end..];
    }
    out
}

/// `x["name"]` as `x.name`, and the other string literals as a space.
fn blank_literals(tag: &str) -> String {
    let mut out = String::new();
    let mut chars = tag.chars().peekable();
    while let Some(c) = chars.next() {
        let quote = matches!(c, '"' | '\'' | '`');
        if !(quote || (c == '[' && chars.peek().is_some_and(|q| matches!(q, '"' | '\'' | '`')))) {
            out.push(c);
            continue;
        }
        let q = if quote {
            c
        } else {
            chars.next().unwrap_or('"')
        };
        let lit: String = chars.by_ref().take_while(|&d| d != q).collect();
        let index = !quote && chars.peek() == Some(&']') && lit.chars().all(is_name_char);
        if index {
            chars.next();
            out.push('.');
            out.push_str(&lit);
        } else {
            out.push_str(if quote { " " } else { "[ " });
        }
    }
    out
}

/// Names in `{% extends %}`, `{% include %}` and `{% import %}` tags and
/// in `memo_include(template="...")` calls. `None` when a name is computed
/// (then the template may use any other).
pub(crate) fn referenced_templates(text: &str) -> Option<Vec<String>> {
    let mut out = memo_included(text)?;
    out.extend(plain_referenced(text)?);
    Some(out)
}

/// Names in `{% extends %}`, `{% include %}` and `{% import %}` tags;
/// `None` when one is computed.
fn plain_referenced(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches(['-', '+']).trim_start();
        rest = &rest[end..];
        let word: &str = tag
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if !matches!(word, "extends" | "include" | "import") {
            continue;
        }
        let args = &tag[word.len()..];
        let (literals, others) = split_literals(args);
        let allowed = others
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '-' | '+'))
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(w, "ignore" | "missing" | "as")
                    || (word == "import" && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
            });
        if literals.is_empty() || !allowed {
            return None;
        }
        out.extend(literals);
    }
    Some(out)
}

/// The templates named by `memo_include(template="...")` calls; `None`
/// when one is computed (or the call cannot be read). Comments are not
/// read: one may name the function in prose.
fn memo_included(text: &str) -> Option<Vec<String>> {
    let text = without_comments(text);
    let mut out = Vec::new();
    for (i, _) in text.match_indices("memo_include") {
        let after = &text[i + "memo_include".len()..];
        let Some(call) = after.trim_start().strip_prefix('(') else {
            continue;
        };
        // The call's arguments end with its tag.
        let end = [call.find("}}"), call.find("%}")]
            .into_iter()
            .flatten()
            .min();
        let call = &call[..end.unwrap_or(call.len())];
        let at = call.find("template")?;
        let value = call[at + "template".len()..]
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let name = &value[1..];
        let end = name.find(quote)?;
        // A name joined to more (`"a/" ~ kind`) is computed.
        let next = name[end + 1..].trim_start().chars().next();
        if !matches!(next, Some(',' | ')')) {
            return None;
        }
        out.push(name[..end].to_string());
    }
    Some(out)
}

/// The text with its comments (`{# ... #}`) left out.
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{#") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{#") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("#}")
            .map_or("", |e| &rest[i + 2 + e + 2..]);
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The string literals of a tag, and the tag without them.
fn split_literals(args: &str) -> (Vec<String>, String) {
    let mut literals = Vec::new();
    let mut others = String::new();
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let mut lit = String::new();
            for d in chars.by_ref() {
                if d == c {
                    break;
                }
                lit.push(d);
            }
            literals.push(lit);
            others.push(' ');
        } else {
            others.push(c);
        }
    }
    (literals, others)
}

#[cfg(test)]
mod tests;
