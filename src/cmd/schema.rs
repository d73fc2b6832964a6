//! `clusterhub schema` (not written yet).

pub fn run(_args: &crate::cli::SchemaArgs) -> u8 {
    eprintln!("error: `clusterhub schema` is not available yet");
    super::EXIT_FAILURE
}
