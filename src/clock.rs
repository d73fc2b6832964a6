//! Stage timings: a clock whose laps name the stage that just ended, for
//! `build --timings` and `serve --timings`.

use std::time::{Duration, Instant};

/// Laps in the order the stages first ended; a stage that ends again (one
/// render per language) adds to its lap.
#[derive(Debug)]
pub(crate) struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Clock {
    /// Ends the stage `name`: the time since the last lap is added to it.
    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let took = now - self.last;
        self.last = now;
        match self.laps.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += took,
            None => self.laps.push((name, took)),
        }
    }

    /// The laps so far, the clock started again with none.
    pub(crate) fn take(&mut self) -> Vec<(&'static str, Duration)> {
        self.last = Instant::now();
        std::mem::take(&mut self.laps)
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_stage_that_ends_twice_adds_to_its_lap_in_its_first_place() {
        let mut clock = Clock::default();
        clock.lap("resolve");
        clock.lap("render");
        clock.lap("resolve");
        let laps = clock.take();
        let names: Vec<&str> = laps.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["resolve", "render"]);
        assert!(clock.take().is_empty());
    }
}
