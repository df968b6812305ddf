//! The CSV reader: each kind of table from the fuzzer's bytes.
fn main() {
    let dir = hpi_fuzz::scratch();
    afl::fuzz!(|data: &[u8]| {
        let path = hpi_fuzz::file(&dir, "input.csv", data);
        std::hint::black_box(hpi_fuzz::read_as_some_kind(&path, data));
    });
}
