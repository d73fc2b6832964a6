//! The resizer through its public function. These are integration tests,
//! not unit tests in `lib.rs`: a unit-test build compiles the crate again
//! with `cfg(test)`, and with it every convolution of `fast_image_resize`
//! at `opt-level = 3` (about 50 s of a clean CI run, alone at its end);
//! this file links the library already built.

#![allow(clippy::unwrap_used)]

use clusterhub_resize::{Channels, lanczos3};

#[test]
fn a_plain_colour_stays_that_colour_at_any_size() {
    let rgb = [200u8, 40, 90].repeat(8 * 6);
    let out = lanczos3(&rgb, Channels::Rgb, (8, 6), (3, 2)).unwrap();
    assert_eq!(out, [200u8, 40, 90].repeat(3 * 2));
    let rgba = [10u8, 120, 250, 255].repeat(5 * 5);
    let out = lanczos3(&rgba, Channels::Rgba, (5, 5), (2, 4)).unwrap();
    assert_eq!(out, [10u8, 120, 250, 255].repeat(2 * 4));
}

#[test]
fn pixels_of_the_wrong_size_are_an_error_not_a_panic() {
    let short = vec![0u8; 10];
    assert!(lanczos3(&short, Channels::Rgb, (4, 4), (2, 2)).is_err());
}
