//! Open projects kept for the next request. Opening a project costs little on
//! its own, but while anything writes to it (an import, a run) its log is not
//! empty and the use case checks the whole file before trusting it: seconds for
//! a million sales, on every request. The server opens and checks each file
//! once and keeps that connection as long as the file at the path is the one it
//! opened; every other connection to it is opened from that one without the
//! check, and SQLite's log lets them all read while one writes.

use hpi_usecases::model::Project;
use hpi_usecases::UsecaseError;
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Idle connections kept per project: enough for the requests one machine
/// serves at once; more are opened when needed and closed when returned.
const IDLE_PER_PROJECT: usize = 8;

/// The server's open projects, by file.
#[derive(Default)]
pub struct Connections {
    idle: Mutex<HashMap<PathBuf, Idle>>,
}

struct Idle {
    file: FileId,
    /// The connection that opened and checked the file; never lent.
    checked: Project,
    projects: Vec<Project>,
}

/// Which file a path names now: a project replaced or deleted and made again
/// at the same path is a different file, and its old connections are dropped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct FileId(u64, u64);

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            // Windows has no stable file index in std; the creation time tells a
            // replaced file from the one that was opened.
            let created = meta.created().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
            Some(FileId(created.as_secs(), u64::from(created.subsec_nanos())))
        }
    }
}

/// A project lent to one request; it goes back to the idle ones when dropped.
pub struct Lent {
    project: Option<Project>,
    path: PathBuf,
    file: Option<FileId>,
    home: Arc<Connections>,
}

impl Connections {
    /// A connection to the project at `path`: an idle one, or a new one opened from
    /// the connection that checked the file, or (the first time, or when the file
    /// was replaced) a new one through the use case, which checks it.
    pub fn lend(self: &Arc<Self>, path: &Path) -> Result<Lent, UsecaseError> {
        let file = FileId::of(path);
        let lend =
            |project: Project| Lent { project: Some(project), path: path.to_owned(), file, home: Arc::clone(self) };
        {
            let mut idle = crate::workers::lock(&self.idle);
            match idle.get_mut(path) {
                Some(entry) if Some(entry.file) == file => {
                    let project = match entry.projects.pop() {
                        Some(project) => project,
                        None => hpi_usecases::project::another(&entry.checked)?,
                    };
                    return Ok(lend(project));
                }
                Some(_) => {
                    idle.remove(path);
                }
                None => {}
            }
        }
        // Checked outside the lock: it can take seconds, and other projects' requests go on.
        let checked = hpi_usecases::project::open(path)?;
        let project = hpi_usecases::project::another(&checked)?;
        if let Some(file) = file {
            let mut idle = crate::workers::lock(&self.idle);
            idle.entry(path.to_owned()).or_insert_with(|| Idle { file, checked, projects: Vec::new() });
        }
        Ok(lend(project))
    }

    /// Connections idle now (for the tests).
    #[cfg(test)]
    fn idle(&self, path: &Path) -> usize {
        crate::workers::lock(&self.idle).get(path).map_or(0, |e| e.projects.len())
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        let (Some(project), Some(file)) = (self.project.take(), self.file) else { return };
        let mut idle = crate::workers::lock(&self.home.idle);
        if let Some(entry) = idle.get_mut(&self.path) {
            if entry.file == file && entry.projects.len() < IDLE_PER_PROJECT {
                entry.projects.push(project);
            }
        }
    }
}

impl Deref for Lent {
    type Target = Project;
    fn deref(&self) -> &Project {
        self.project.as_ref().expect("a lent project is present until dropped")
    }
}

impl DerefMut for Lent {
    fn deref_mut(&mut self) -> &mut Project {
        self.project.as_mut().expect("a lent project is present until dropped")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returned_connection_is_lent_again_until_the_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.hpiproj");
        hpi_usecases::project::create(&path).unwrap();
        let connections = Arc::new(Connections::default());
        let (a, b) = (connections.lend(&path).unwrap(), connections.lend(&path).unwrap());
        drop((a, b));
        assert_eq!(connections.idle(&path), 2);
        let again = connections.lend(&path).unwrap();
        assert_eq!(connections.idle(&path), 1, "an idle connection is reused, not a new one opened");
        drop(again);

        // Another file at the same path: the old connections read the old file.
        std::fs::remove_file(&path).unwrap();
        hpi_usecases::project::create(&path).unwrap();
        let fresh = connections.lend(&path).unwrap();
        assert_eq!(connections.idle(&path), 0, "the old file's connections are dropped");
        assert!(hpi_usecases::project::runs(&fresh).unwrap().is_empty());
        drop(fresh);
        assert_eq!(connections.idle(&path), 1);
    }
}
