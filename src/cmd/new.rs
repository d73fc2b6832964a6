//! `clusterhub new` (not written yet).

pub fn run(_args: &crate::cli::NewArgs) -> u8 {
    eprintln!("error: `clusterhub new` is not available yet");
    super::EXIT_FAILURE
}
