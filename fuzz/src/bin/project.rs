//! The project-file open path: the fuzzer's bytes as a `.hpiproj` (with a
//! write-ahead log beside it when the input holds one after a 0xFF 0x00
//! 0xFF 0x00 separator), opened through every check and read as the app
//! reads a project.
fn main() {
    let dir = hpi_fuzz::scratch();
    afl::fuzz!(|data: &[u8]| {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
        let cut = data.windows(4).position(|w| w == [0xFF, 0x00, 0xFF, 0x00]);
        let (db, wal) = match cut {
            Some(k) => (&data[..k], Some(&data[k + 4..])),
            None => (data, None),
        };
        let path = hpi_fuzz::file(&dir, "input.hpiproj", db);
        if let Some(wal) = wal {
            hpi_fuzz::file(&dir, "input.hpiproj-wal", wal);
        }
        if let Ok(project) = hpi_store::Project::open(&path) {
            let _ = project.counts();
            if let Ok(runs) = project.runs() {
                for run in runs.iter().take(3) {
                    let _ = project.run_index(run.id);
                    let _ = project.run_tracts(run.id, None);
                    let _ = project.run_quality(run.id);
                }
            }
            let _ = project.check();
        }
    });
}
