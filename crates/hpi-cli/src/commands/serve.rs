//! `hpi serve`: the use cases over HTTP, and the tokens that may use them.

use crate::error::CliError;
use clap::{Args, Subcommand};
use hpi_server::tokens::{Access, Tokens};
use std::net::SocketAddr;
use std::path::PathBuf;

/// `hpi serve [...]` or `hpi serve token create ...`.
#[derive(Args)]
#[command(
    args_conflicts_with_subcommands = true,
    override_usage = "hpi serve [OPTIONS]   or   hpi serve token create --name NAME [OPTIONS]"
)]
pub struct ServeArgs {
    #[command(subcommand)]
    command: Option<ServeCommand>,
    /// The address to listen on; a non-loopback one only once a token exists.
    #[arg(long, default_value = "127.0.0.1:8787")]
    bind: SocketAddr,
    /// Where projects and tokens live [default: `server` in HPI Studio's data folder].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Runs computed at once.
    #[arg(long, default_value_t = 2)]
    workers: usize,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = hpi_server::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Another name clients may reach the server by (a reverse proxy's); repeatable.
    #[arg(long = "host", value_name = "NAME")]
    hosts: Vec<String>,
    /// `/metrics` needs a token, like `/v1` (open by default, for a local Prometheus).
    #[arg(long)]
    private_metrics: bool,
    /// Requests per second each token may send (bursts of twice as many); more get 429 and Retry-After.
    #[arg(long, default_value_t = hpi_server::DEFAULT_RATE_LIMIT, value_name = "N")]
    rate_limit: u32,
    /// A web origin whose pages may call the API (CORS), e.g. https://dashboard.example; repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Log lines on standard error: one JSON object each (for journald, Loki, CloudWatch…) or text.
    #[arg(long, value_enum, default_value_t = LogFormat::Json)]
    log_format: LogFormat,
}

/// How the server's log lines are written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line: ts, level, target, message and the event's fields (request_id, status…).
    Json,
    /// Plain text, for a person at a terminal.
    Text,
}

impl ServeArgs {
    /// Whether this runs a server (rather than managing tokens), which logs its own way.
    pub fn runs_server(&self) -> bool {
        self.command.is_none()
    }
}

/// The server logs every request and job at info level (debug with -vv), as JSON lines by default.
pub fn init_logs(args: &ServeArgs, verbose: u8) {
    let level = if verbose >= 2 { log::LevelFilter::Debug } else { log::LevelFilter::Info };
    let mut logs = env_logger::Builder::new();
    logs.filter_level(level).filter_module("usvg", log::LevelFilter::Error);
    if args.log_format == LogFormat::Json {
        logs.format(|out, record| {
            use std::io::Write;
            let mut line = serde_json::Map::new();
            line.insert("ts".into(), out.timestamp_millis().to_string().into());
            line.insert("level".into(), record.level().as_str().to_ascii_lowercase().into());
            line.insert("target".into(), record.target().into());
            line.insert("message".into(), record.args().to_string().into());
            let _ = record.key_values().visit(&mut Fields(&mut line));
            writeln!(out, "{}", serde_json::Value::Object(line))
        });
    }
    logs.init();
}

/// A log event's key-values as JSON fields, numbers as numbers.
struct Fields<'a>(&'a mut serde_json::Map<String, serde_json::Value>);

impl<'kvs> log::kv::VisitSource<'kvs> for Fields<'_> {
    fn visit_pair(&mut self, key: log::kv::Key<'kvs>, value: log::kv::Value<'kvs>) -> Result<(), log::kv::Error> {
        let json = if let Some(n) = value.to_u64() {
            n.into()
        } else if let Some(n) = value.to_i64() {
            n.into()
        } else if let Some(x) = value.to_f64() {
            serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
        } else if let Some(b) = value.to_bool() {
            b.into()
        } else {
            value.to_string().into()
        };
        self.0.insert(key.as_str().to_owned(), json);
        Ok(())
    }
}

#[derive(Subcommand)]
enum ServeCommand {
    /// The API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; it is printed once, alone on the last line, and only its hash is kept.
    Create {
        /// The server's data directory (made if it does not exist).
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// A name for the token (who or what uses it).
        #[arg(long)]
        name: String,
        /// The token may read but not change anything.
        #[arg(long)]
        read_only: bool,
    },
}

fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| hpi_usecases::folders::Folders::locate().data.join("server"))
}

/// Runs `hpi serve ...`.
pub fn serve(args: ServeArgs) -> Result<(), CliError> {
    match args.command {
        Some(ServeCommand::Token(TokenCommand::Create { data_dir: dir, name, read_only })) => {
            let dir = data_dir(dir);
            std::fs::create_dir_all(&dir).map_err(|source| CliError::Read { path: dir.clone(), source })?;
            let tokens = Tokens::open(&dir)?;
            let access = if read_only { Access::ReadOnly } else { Access::Full };
            let token = tokens.create(&name, access)?;
            eprintln!(
                "token '{name}' created ({}); it is shown once:",
                if read_only { "read-only" } else { "full access" }
            );
            println!("{token}");
            Ok(())
        }
        None => {
            let settings = hpi_server::Settings {
                bind: args.bind,
                data_dir: data_dir(args.data_dir),
                workers: args.workers,
                max_body: args.max_body,
                hosts: args.hosts,
                private_metrics: args.private_metrics,
                rate_limit: args.rate_limit,
                cors_origins: args.cors_origins.clone(),
            };
            let checked = settings.check()?;
            hpi_server::serve(checked, |bound| {
                println!("listening on http://{bound} (API reference: http://{bound}/docs)");
            })?;
            Ok(())
        }
    }
}
