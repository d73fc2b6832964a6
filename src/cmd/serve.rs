//! `clusterhub serve` (not written yet).

pub fn run(_args: &crate::cli::ServeArgs) -> u8 {
    eprintln!("error: `clusterhub serve` is not available yet");
    super::EXIT_FAILURE
}
