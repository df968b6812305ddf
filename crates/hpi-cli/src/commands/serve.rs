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
            };
            let checked = settings.check()?;
            hpi_server::serve(checked, |bound| {
                println!("listening on http://{bound} (API reference: http://{bound}/docs)");
            })?;
            Ok(())
        }
    }
}
