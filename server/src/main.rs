//! `omnios`: reads configuration and serves [`omnios_server::app`].

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use omnios_server::blobs::config::BlobArgs;
use omnios_server::rooms::RoomConfig;
use omnios_server::{app, cli, AppState, CookieSecurity, Rooms, Store};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "omnios",
    version,
    about = "OMNIOS: a design canvas in the browser"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the editor and the API over HTTP.
    Serve(ServeArgs),
    /// Write a project (`*.omnios.json`) and its assets as one `.omnios` backup file.
    Backup {
        /// The project snapshot.
        project: PathBuf,
        /// Where to write the backup.
        #[arg(short, long)]
        out: PathBuf,
        /// A folder whose files become the project's assets.
        #[arg(long)]
        assets: Option<PathBuf>,
        /// The project's name (default: its first page's).
        #[arg(long)]
        name: Option<String>,
    },
    /// Verify a backup, then write its project into a new folder.
    Restore {
        /// The `.omnios` file.
        file: PathBuf,
        /// The folder to create.
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Check a backup's seal, manifest and content without restoring it; or, given a folder,
    /// check an export against its manifest.json (names every missing, extra or changed file).
    Verify {
        /// The `.omnios` file, or an export's folder.
        file: PathBuf,
    },
    /// Compile a project (`.omnios` backup or `*.omnios.json` snapshot) to a Next.js app or
    /// static HTML/CSS in a new folder.
    Export {
        /// The `.omnios` backup or snapshot JSON.
        project: PathBuf,
        /// What to compile to.
        #[arg(long, value_enum)]
        target: ExportTarget,
        /// The folder to create (must be new or empty).
        #[arg(short, long)]
        out: PathBuf,
        /// A folder whose files are the project's assets (added to a backup's own).
        #[arg(long)]
        assets: Option<PathBuf>,
    },
    /// The server's blob store (asset bytes by SHA-256).
    Blobs {
        #[command(subcommand)]
        command: BlobsCommand,
        #[command(flatten)]
        store: BlobArgs,
    },
}

#[derive(Debug, Subcommand)]
enum BlobsCommand {
    /// Verify a `.omnios` backup, then store its asset library's blobs.
    Import {
        /// The `.omnios` file.
        file: PathBuf,
    },
    /// List the stored blobs' hashes.
    List,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportTarget {
    /// A Next.js app (App Router, TypeScript).
    Nextjs,
    /// One HTML file per page and one shared CSS file.
    Static,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Port to listen on; 0 picks a free one (the bound address is printed).
    #[arg(long, env = "OMNIOS_PORT", default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, env = "OMNIOS_HOST", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The built editor (`npm run build -w web` writes it).
    #[arg(long, env = "OMNIOS_WEB_DIR", default_value = "web/dist")]
    web_dir: PathBuf,
    /// PostgreSQL (`postgres://user@host/db`) instead of the SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// When the session cookie is marked Secure: `auto` (requests over https, per
    /// `X-Forwarded-Proto`), `always` or `never`.
    #[arg(long, env = "OMNIOS_COOKIE_SECURE", value_enum, default_value_t = CookieSecurity::Auto)]
    cookie_secure: CookieSecurity,
    #[command(flatten)]
    store: BlobArgs,
    /// Seconds an empty live room stays loaded before it is compacted and unloaded.
    #[arg(long, env = "OMNIOS_LIVE_IDLE_SECS", default_value_t = 30)]
    live_idle_secs: u64,
    /// Fan live rooms out to the other nodes through Redis pub/sub at this URL
    /// (`redis://127.0.0.1:6379`); every node must share one document store.
    #[arg(long, env = "OMNIOS_REDIS_URL")]
    redis_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
enum ServeError {
    #[error("{0}")]
    Fanout(#[from] omnios_server::rooms::FanoutError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("server failed: {0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Blobs(#[from] omnios_server::blobs::BlobError),
    #[error("{0}")]
    Store(#[from] omnios_server::store::StoreError),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .with_writer(io::stderr)
        .init();

    let outcome = match Cli::parse().command {
        Command::Serve(args) => serve(args).await.map(|()| None).map_err(|e| e.to_string()),
        Command::Backup {
            project,
            out,
            assets,
            name,
        } => cli::backup(&project, assets.as_deref(), name.as_deref(), &out)
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::Restore { file, out } => cli::restore(&file, &out)
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::Verify { file } if file.is_dir() => cli::verify_export(&file)
            .map(Some)
            .map_err(|e| e.to_string()),
        Command::Verify { file } => cli::verify(&file).map(Some).map_err(|e| e.to_string()),
        Command::Export {
            project,
            target,
            out,
            assets,
        } => {
            let target = match target {
                ExportTarget::Nextjs => omnios_compiler::Target::NextJs,
                ExportTarget::Static => omnios_compiler::Target::Static,
            };
            cli::export(&project, target, &out, assets.as_deref())
                .map(Some)
                .map_err(|e| e.to_string())
        }
        Command::Blobs { command, store } => blobs(command, &store).await.map(Some),
    };
    match outcome {
        Ok(message) => {
            if let Some(message) = message {
                println!("{}", cli::terminal_safe(&message));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("omnios: {}", cli::terminal_safe(&error));
            ExitCode::FAILURE
        }
    }
}

async fn blobs(command: BlobsCommand, store: &BlobArgs) -> Result<String, String> {
    let store = store.open().map_err(|e| e.to_string())?;
    match command {
        BlobsCommand::Import { file } => cli::import_blobs(&file, &store)
            .await
            .map_err(|e| e.to_string()),
        BlobsCommand::List => store
            .list()
            .await
            .map(|hashes| hashes.join("\n"))
            .map_err(|e| e.to_string()),
    }
}

async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let web_dir = std::path::absolute(&args.web_dir).unwrap_or_else(|_| args.web_dir.clone());
    let store = match &args.database_url {
        Some(url) => Store::connect(url).await?,
        None => Store::open_sqlite_dir(&args.store.data_dir).await?,
    };
    let state = AppState::new(web_dir)
        .with_blobs(args.store.open()?)
        .with_rooms(live_rooms(&args, &store).await?)
        .with_store(store)
        .with_cookie_security(args.cookie_secure);
    let index = state.index_html();
    if !index.is_file() {
        tracing::warn!(
            "the editor is not built: {} is missing; pages answer 503 until it is (run `make run`)",
            index.display()
        );
    }

    let addr = SocketAddr::new(args.host, args.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    // Tests and scripts read this line to find the port when started with --port 0.
    println!("omnios listening on http://{}", listener.local_addr()?);

    // Connection info gives the sign-in limit each client's address.
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Live rooms with their documents under `<data dir>/rooms`.
/// Live rooms on the store: documents in its tables, members admitted by their session.
async fn live_rooms(args: &ServeArgs, store: &Store) -> Result<Rooms, ServeError> {
    let config = RoomConfig {
        idle_grace: std::time::Duration::from_secs(args.live_idle_secs),
        ..RoomConfig::default()
    };
    let rooms = Rooms::on_store(store, config);
    if let Some(url) = &args.redis_url {
        rooms.fan_out_through_redis(url, "omnios:room:").await?;
        tracing::info!("live rooms fan out through Redis at {url}");
    }
    Ok(rooms)
}

/// Resolves on Ctrl-C or SIGTERM, so `make run` and test harnesses stop the server cleanly.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(error) => {
                    tracing::warn!("cannot listen for SIGTERM: {error}");
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
