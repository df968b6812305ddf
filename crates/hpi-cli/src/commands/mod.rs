//! The commands on project files, one module each: `hpi project` and
//! `hpi db` (the file itself), `hpi import` and `hpi boundaries`, `hpi runs`, and `hpi export`,
//! `hpi report` and `hpi chart` (what leaves the project).

pub mod batch;
mod batch_server;
pub mod boundaries;
pub mod compare;
pub mod db;
pub mod import;
pub mod outputs;
pub mod project;
pub mod runs;
pub mod serve;
