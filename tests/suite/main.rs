//! The integration tests, in one binary: each module was a test file of
//! its own. One binary links the crate once, and the tests of every module
//! share the test threads (`cargo test --test suite check::` runs one
//! module). The fuzzer (`tests/fuzz`) and the browser tests
//! (`tests/browser`) stay binaries of their own.

#[path = "../common/mod.rs"]
mod common;
/// The synthetic hub generator (`examples/synth.rs`), for `synth` and
/// `search_index`.
#[allow(dead_code)]
#[path = "../../examples/synth.rs"]
mod generator;

mod build;
mod cards;
mod check;
mod contributing;
mod diagnostics;
mod findability;
mod forms;
mod i18n;
mod images;
mod limits;
mod live;
mod media;
mod new;
mod safe_exports;
mod sandbox;
mod schema;
mod search_index;
mod serve_check;
mod serve_cli;
mod sources;
mod synth;
mod tool;
mod xss;
