//! Structure-aware mutation of JSON text, for the readers that live in this
//! crate (the IT policy, the update manifest): AFL cannot instrument the
//! Tauri crate in reasonable time, so these are fuzzed here instead, from
//! real seeds, by mutations that keep much of the structure (so that the
//! reader gets past the JSON parser and into its own code). A fixed number
//! of inputs in the test suite; `scripts/fuzz.sh` runs millions
//! (`HPI_FUZZ_JSON_EXECS`).

/// A small deterministic generator: a failure names its input, and repeats.
pub(crate) struct Mutator(u64);

/// Pieces that JSON readers meet at their edges.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "#1",
    "1e400",
    "-1e400",
    "18446744073709551616",
    "0.5",
    "\"\"",
    "\" \"",
    "\"https://\"",
    "\"http://x\"",
    "\"stable\"",
    "\"beta\"",
    "\"Updates\"",
    "\"UpdateUrl\"",
    "\"Channel\"",
    "\"DefaultProjectFolder\"",
    "\"version\"",
    "\"platforms\"",
    "\"signature\"",
    "\"url\"",
    "\"linux-x86_64\"",
    "\"pub_date\"",
    "\"notes\"",
    "\"2026-13-45T99:99:99Z\"",
    "\"1.2.3-beta.1+x\"",
    "\"v99999999999999999999.0.0\"",
    "\u{feff}",
    "\u{10ffff}",
    "é",
    "\n",
    "\t",
];

impl Mutator {
    pub(crate) fn new(seed: u64) -> Self {
        Mutator(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 17
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `seed` with one to four mutations: a piece inserted or substituted, a
    /// span deleted, duplicated or nested deeply, a byte flipped.
    pub(crate) fn mutate(&mut self, seed: &str) -> String {
        let mut text: Vec<char> = seed.chars().collect();
        for _ in 0..=self.below(4) {
            let at = self.below(text.len() + 1);
            match self.below(6) {
                0 => text.splice(at..at, PIECES[self.below(PIECES.len())].chars()).for_each(drop),
                1 if at < text.len() => {
                    let end = (at + 1 + self.below(12)).min(text.len());
                    text.splice(at..end, PIECES[self.below(PIECES.len())].chars()).for_each(drop);
                }
                2 if at < text.len() => {
                    let end = (at + 1 + self.below(24)).min(text.len());
                    text.drain(at..end);
                }
                3 if at < text.len() => {
                    let end = (at + 1 + self.below(40)).min(text.len());
                    let span: Vec<char> = text[at..end].to_vec();
                    text.splice(at..at, span).for_each(drop);
                }
                4 => {
                    let depth = 1 + self.below(300);
                    let open = if self.below(2) == 0 { '[' } else { '{' };
                    text.splice(at..at, std::iter::repeat_n(open, depth)).for_each(drop);
                }
                _ if at < text.len() => {
                    let c = text[at] as u32 ^ (1 << self.below(7));
                    text[at] = char::from_u32(c).unwrap_or('\u{fffd}');
                }
                _ => {}
            }
        }
        text.into_iter().collect()
    }
}

/// How many inputs each reader gets: `HPI_FUZZ_JSON_EXECS`, else `default`.
pub(crate) fn executions(default: u64) -> u64 {
    std::env::var("HPI_FUZZ_JSON_EXECS").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}
