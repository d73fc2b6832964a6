//! The end-to-end tests in headless Chromium, as one test binary: its tests
//! run side by side (each with its own browser, hub and loopback server),
//! so one test's waits overlap another's work, and the crate links once
//! instead of once per file. `search_equality.rs` stays a binary of its
//! own: it chooses the reference indexer with an environment variable,
//! which must not change under other tests' builds.

#[path = "../../../common/xss.rs"]
mod xss_payloads;

mod images;
mod live_preview;
mod media;
mod search;
mod search_languages;
mod theme;
mod xss;
