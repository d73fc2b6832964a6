//! Rebuilds the binary when a file of the built-in theme or the starter hub
//! changes: `include_dir!` embeds them, and cargo does not track them
//! otherwise.

fn main() {
    println!("cargo:rerun-if-changed=themes/cluster");
    println!("cargo:rerun-if-changed=starter");
    println!("cargo:rerun-if-changed=build.rs");
}
