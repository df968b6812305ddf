//! The workers: a fixed number of threads that take jobs from the queue
//! oldest first, compute each with the same use case as the app and the CLI,
//! report progress, and stop cleanly (a job cut short by shutdown is queued
//! again, not lost).

use crate::error::{ApiError, ServerError};
use crate::queue::{JobRecord, JobStatus, Queue};
use hpi_usecases::model::{Progress, Stage};
use hpi_usecases::{ErrorCode, RunRequest};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use utoipa::ToSchema;

/// How far a running job is: the engine's stage and its steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct JobProgress {
    /// The stage.
    pub stage: Stage,
    /// Its name for people.
    pub label: String,
    /// Steps done in this stage.
    pub done: u64,
    /// Steps in this stage.
    pub total: u64,
}

/// A job as clients see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// The project it runs in.
    pub project: String,
    /// The run it computes.
    pub request: RunRequest,
    /// Where it stands.
    pub status: JobStatus,
    /// How far it is, while running.
    pub progress: Option<JobProgress>,
    /// The saved run, once succeeded: `/v1/projects/{project}/runs/{run}`.
    pub run: Option<i64>,
    /// Why it failed.
    pub error: Option<ApiError>,
    /// How often a stopping server cut it short (it then runs again from the start).
    pub interruptions: i64,
    /// When it was asked for (UTC, RFC 3339).
    pub created_at: String,
    /// When its current attempt started.
    pub started_at: Option<String>,
    /// When it ended.
    pub finished_at: Option<String>,
}

/// What cancelling a job did.
pub enum Cancelled {
    /// It was queued and is now cancelled.
    Now(Job),
    /// It is running; its worker stops it at the engine's next check.
    Asked(Job),
    /// It had ended already, so nothing changed.
    Ended(Job),
}

/// A running job's cancel flags and latest progress.
struct Live {
    cancel: Arc<AtomicBool>,
    by_client: bool,
    progress: Option<JobProgress>,
    reported: Instant,
}

/// The queue, the workers and what clients watch.
pub struct Jobs {
    data_dir: PathBuf,
    queue: Mutex<Queue>,
    wake: Condvar,
    live: Mutex<HashMap<i64, Live>>,
    stopping: AtomicBool,
    changes: tokio::sync::watch::Sender<u64>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    metrics: Arc<crate::metrics::Metrics>,
    connections: Arc<crate::connections::Connections>,
}

/// Progress goes to watchers at most this often per job (and at every new stage).
const EVERY: Duration = Duration::from_millis(50);

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("the job queue: {e}"), None)
}

impl Jobs {
    /// Opens the queue in `data_dir` and starts `workers` threads.
    pub fn start(
        data_dir: PathBuf,
        workers: usize,
        metrics: Arc<crate::metrics::Metrics>,
        connections: Arc<crate::connections::Connections>,
    ) -> Result<Arc<Jobs>, ServerError> {
        let queue = Queue::open(&data_dir)?;
        let jobs = Arc::new(Jobs {
            data_dir,
            queue: Mutex::new(queue),
            wake: Condvar::new(),
            live: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            changes: tokio::sync::watch::channel(0).0,
            workers: Mutex::new(Vec::new()),
            metrics,
            connections,
        });
        let mut handles = lock(&jobs.workers);
        for n in 0..workers {
            let worker = jobs.clone();
            let handle = std::thread::Builder::new().name(format!("hpi-worker-{n}")).spawn(move || worker.work())?;
            handles.push(handle);
        }
        drop(handles);
        Ok(jobs)
    }

    /// Queues a run of `request` in `project`; the request is checked first, so a bad
    /// one is refused now rather than failing later.
    pub fn submit(&self, project: &str, request: &RunRequest) -> Result<Job, ApiError> {
        request.check()?;
        let text = serde_json::to_string(request).expect("a run request serializes");
        let queue = lock(&self.queue);
        let id = queue.enqueue(project, &text).map_err(internal)?;
        let job = queue.get(id).map_err(internal)?.ok_or_else(|| internal("the new job vanished"))?;
        drop(queue);
        self.wake.notify_one();
        self.changed();
        log::info!("job {id} queued: {} in project '{project}'", request.method.name());
        self.view(job)
    }

    /// One job, with its progress if it runs.
    pub fn get(&self, id: i64) -> Result<Job, ApiError> {
        let job = lock(&self.queue).get(id).map_err(internal)?;
        self.view(job.ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no job {id}"), None))?)
    }

    /// Cancels job `id`: at once when queued, at the engine's next check when running.
    pub fn cancel(&self, id: i64) -> Result<Cancelled, ApiError> {
        // The queue's lock is held throughout, so a worker cannot claim the job in between.
        let queue = lock(&self.queue);
        if queue.cancel_queued(id).map_err(internal)? {
            drop(queue);
            self.changed();
            log::info!("job {id} cancelled while queued");
            return Ok(Cancelled::Now(self.get(id)?));
        }
        let asked = match lock(&self.live).get_mut(&id) {
            Some(live) => {
                live.by_client = true;
                live.cancel.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        };
        drop(queue);
        let job = self.get(id)?;
        Ok(if asked { Cancelled::Asked(job) } else { Cancelled::Ended(job) })
    }

    /// Jobs by state, for the metrics.
    pub fn counts(&self) -> Result<Vec<(JobStatus, i64)>, ApiError> {
        lock(&self.queue).counts().map_err(internal)
    }

    /// Whether every worker is still there to take jobs.
    pub fn workers_alive(&self) -> bool {
        let workers = lock(&self.workers);
        !workers.is_empty() && workers.iter().all(|w| !w.is_finished())
    }

    /// Tells watchers something changed; they read what.
    fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that wakes whenever any job changes.
    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Whether the server is stopping (watchers end their streams).
    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Stops taking jobs and cuts running ones short; they go back to the queue.
    pub fn begin_stop(&self) {
        let _queue = lock(&self.queue);
        self.stopping.store(true, Ordering::SeqCst);
        for live in lock(&self.live).values() {
            live.cancel.store(true, Ordering::SeqCst);
        }
        self.wake.notify_all();
        drop(_queue);
        self.changed();
    }

    /// Waits for the workers to finish what `begin_stop` cut short.
    pub fn join(&self) {
        let workers = std::mem::take(&mut *lock(&self.workers));
        for worker in workers {
            if worker.join().is_err() {
                log::error!("a worker ended in a panic");
            }
        }
    }

    fn view(&self, job: JobRecord) -> Result<Job, ApiError> {
        let request: RunRequest = serde_json::from_str(&job.request)
            .map_err(|e| internal(format!("job {} holds an unreadable request: {e}", job.id)))?;
        let progress = match job.status {
            JobStatus::Running => lock(&self.live).get(&job.id).and_then(|l| l.progress.clone()),
            _ => None,
        };
        Ok(Job {
            id: job.id,
            project: job.project,
            request,
            status: job.status,
            progress,
            run: job.run,
            error: job.error,
            interruptions: job.interruptions,
            created_at: job.created_at,
            started_at: job.started_at,
            finished_at: job.finished_at,
        })
    }

    /// A worker's life: take a job, compute it, record the end; until stopped.
    fn work(&self) {
        while let Some((job, cancel)) = self.next() {
            let id = job.id;
            log::info!("job {id} started in project '{}'", job.project);
            self.changed();
            let started = Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.execute(&job, &cancel)))
                .unwrap_or_else(|_| Err(ApiError::new(ErrorCode::Internal, "the run stopped on a bug", None)));
            let by_client = lock(&self.live).remove(&id).is_some_and(|l| l.by_client);
            let queue = lock(&self.queue);
            let recorded = match result {
                Ok((run, method, sales)) => {
                    self.metrics.run_done(method, started.elapsed().as_secs_f64(), sales);
                    queue.finish(id, JobStatus::Succeeded, Some(run), None)
                }
                Err(e) if e.code == ErrorCode::Cancelled.into() && !by_client && self.stopping() => queue.requeue(id),
                Err(e) if e.code == ErrorCode::Cancelled.into() => {
                    queue.finish(id, JobStatus::Cancelled, None, Some(&e))
                }
                Err(e) => queue.finish(id, JobStatus::Failed, None, Some(&e)),
            };
            drop(queue);
            if let Err(e) = recorded {
                log::error!("job {id}: its end could not be recorded: {e}");
            }
            log::info!("job {id} ended after {} ms", started.elapsed().as_millis());
            self.changed();
        }
    }

    /// The next job, waiting for one; `None` once the server stops.
    fn next(&self) -> Option<(JobRecord, Arc<AtomicBool>)> {
        let mut queue = lock(&self.queue);
        loop {
            if self.stopping() {
                return None;
            }
            match queue.claim() {
                Ok(Some(job)) => {
                    let cancel = Arc::new(AtomicBool::new(false));
                    let live =
                        Live { cancel: cancel.clone(), by_client: false, progress: None, reported: Instant::now() };
                    lock(&self.live).insert(job.id, live);
                    return Some((job, cancel));
                }
                Ok(None) => {}
                Err(e) => log::error!("the job queue cannot be read: {e}"),
            }
            // The timeout only guards against a lost wake-up; submit notifies.
            queue = self
                .wake
                .wait_timeout(queue, Duration::from_secs(5))
                .map(|(q, _)| q)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }

    /// Computes the job's run; returns the run's id, its method and the sales it read.
    fn execute(&self, job: &JobRecord, cancel: &AtomicBool) -> Result<(i64, &'static str, u64), ApiError> {
        let request: RunRequest = serde_json::from_str(&job.request)
            .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, format!("the stored request: {e}"), None))?;
        let checked = request.check()?;
        let path = crate::routes::project_file(&self.data_dir, &job.project)?;
        if !path.is_file() {
            return Err(ApiError::new(ErrorCode::NotFound, format!("no project named '{}'", job.project), None));
        }
        let mut project = self.connections.lend(&path)?;
        let report = |p: Progress| self.progress(job.id, p);
        let saved = hpi_usecases::calculate_in_project(&mut project, &checked, &report, cancel)?;
        Ok((saved.id, checked.method().name(), saved.inputs.sales.len() as u64))
    }

    fn progress(&self, id: i64, p: Progress) {
        let mut live = lock(&self.live);
        let Some(entry) = live.get_mut(&id) else { return };
        let new_stage = entry.progress.as_ref().is_none_or(|old| old.stage != p.stage);
        let progress = JobProgress { stage: p.stage, label: p.stage.label().into(), done: p.done, total: p.total };
        entry.progress = Some(progress);
        if new_stage || entry.reported.elapsed() >= EVERY || p.done == p.total {
            entry.reported = Instant::now();
            drop(live);
            self.changed();
        }
    }
}
