//! Progress into a Python callable, and cancelling from Python: the callback
//! raising (or Ctrl-C, noticed whenever progress is reported on the main
//! thread) sets the run's cancel flag, and the exception is raised once the
//! use case has stopped.

use hpi_usecases::model::{ImportKind, Progress};
use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Reports at most this often, besides each stage's first and last step:
/// the engine reports per CBSA, which is far more often than anyone reads.
const EVERY: Duration = Duration::from_millis(100);

pub struct Reporter {
    callback: Option<Py<PyAny>>,
    pub cancel: AtomicBool,
    raised: Mutex<Option<PyErr>>,
    last: Mutex<(String, Instant)>,
}

impl Reporter {
    pub fn new(callback: Option<Py<PyAny>>) -> Reporter {
        Reporter {
            callback,
            cancel: AtomicBool::new(false),
            raised: Mutex::new(None),
            last: Mutex::new((String::new(), Instant::now())),
        }
    }

    /// An engine stage's progress.
    pub fn engine(&self, p: Progress) {
        self.send(p.stage.label(), p.done, p.total);
    }

    /// The share of an input table read.
    pub fn reading(&self, kind: ImportKind, share: f64) {
        let stage = format!("Reading {}", kind.name());
        self.send(&stage, (share.clamp(0.0, 1.0) * 1000.0).round() as u64, 1000);
    }

    fn send(&self, stage: &str, done: u64, total: u64) {
        if self.cancel.load(Ordering::Relaxed) {
            return;
        }
        {
            let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            let new_stage = last.0 != stage;
            if !new_stage && done < total && last.1.elapsed() < EVERY {
                return;
            }
            if new_stage {
                last.0 = stage.to_owned();
            }
            last.1 = Instant::now();
        }
        Python::attach(|py| {
            let outcome = py.check_signals().and_then(|()| match &self.callback {
                Some(callback) => callback.call1(py, (stage, done, total)).map(drop),
                None => Ok(()),
            });
            if let Err(e) = outcome {
                self.raised.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                self.cancel.store(true, Ordering::Relaxed);
            }
        });
    }

    /// What the callback (or Ctrl-C) raised, which stopped the run.
    pub fn raised(&self) -> Option<PyErr> {
        self.raised.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}
