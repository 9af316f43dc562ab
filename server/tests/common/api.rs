//! The API over real HTTP: `app()` served on a free port of 127.0.0.1 (with connection info,
//! as `omnios serve` runs it), on SQLite in a temporary folder or on a fresh PostgreSQL
//! database that is dropped afterwards, and a small JSON client that carries cookies by hand so
//! tests can read their attributes.

use std::error::Error;
use std::net::SocketAddr;
use std::time::Duration;

use omnios_server::rooms::RoomConfig;
use omnios_server::store::Store;
use omnios_server::{app, AppState, BlobStore, Rooms};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;
use sqlx::Connection;

pub type TestResult = Result<(), Box<dyn Error>>;

/// PostgreSQL as this machine runs it (trust authentication).
pub const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs `$test(Db) -> TestResult` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() -> $crate::common::api::TestResult {
                super::$test($crate::common::api::Db::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() -> $crate::common::api::TestResult {
                super::$test($crate::common::api::Db::Postgres).await
            }
        }
    )*};
}

/// A store on a fresh database; the PostgreSQL database is dropped with it.
pub struct TestDb {
    pub store: Store,
    _dir: tempfile::TempDir,
    postgres_name: Option<String>,
}

impl TestDb {
    /// `None` (with the reason printed) when PostgreSQL is wanted and 127.0.0.1:5432 does not
    /// answer.
    pub async fn new(db: Db) -> Result<Option<Self>, Box<dyn Error>> {
        let dir = tempfile::tempdir()?;
        match db {
            Db::Sqlite => Ok(Some(Self {
                store: Store::open_sqlite_dir(&dir.path().join("data")).await?,
                _dir: dir,
                postgres_name: None,
            })),
            Db::Postgres => {
                let reachable = std::net::TcpStream::connect_timeout(
                    &SocketAddr::from(([127, 0, 0, 1], 5432)),
                    Duration::from_secs(2),
                )
                .is_ok();
                if !reachable {
                    eprintln!("skipped on PostgreSQL: nothing answers on 127.0.0.1:5432");
                    return Ok(None);
                }
                sqlx::any::install_default_drivers();
                let name = format!("omnios_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin =
                    sqlx::AnyConnection::connect(&format!("{POSTGRES}/postgres")).await?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await?;
                admin.close().await?;
                let store = Store::connect(&format!("{POSTGRES}/{name}")).await?;
                Ok(Some(Self {
                    store,
                    _dir: dir,
                    postgres_name: Some(name),
                }))
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs outside async (and after a failed assertion): a thread of its own with a
        // runtime of its own; FORCE ends the pool's connections.
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut admin = sqlx::AnyConnection::connect(&format!("{POSTGRES}/postgres"))
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop a test database: {dropped:?}");
        }
    }
}

/// The API served on a free port.
pub struct TestServer {
    pub base: String,
    pub db: TestDb,
    /// The server's blob store (in memory).
    pub blobs: BlobStore,
    client: reqwest::Client,
}

/// An answer: status, headers, JSON body (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

/// An answer whose body is bytes (a blob), not JSON.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl RawAnswer {
    /// The error body's code, when the answer is a JSON error.
    pub fn code(&self) -> String {
        serde_json::from_slice::<Value>(&self.bytes)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// A header's value as text (empty when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl Answer {
    /// The session token this answer's `Set-Cookie` sets (`Some("")` when it clears it).
    pub fn session(&self) -> Option<String> {
        self.set_cookie()?
            .split(';')
            .next()?
            .strip_prefix("omnios_session=")
            .map(str::to_owned)
    }

    /// The raw `Set-Cookie` header.
    pub fn set_cookie(&self) -> Option<&str> {
        self.headers.get("set-cookie")?.to_str().ok()
    }

    /// The error body's code.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// A signed-in user in a test.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub session: String,
}

/// A project and a member in each role ([`TestServer::team`]).
pub struct Team {
    pub owner: Account,
    pub editor: Account,
    pub viewer: Account,
    pub project: String,
}

impl TestServer {
    /// `None` when the database is unavailable (PostgreSQL not running).
    pub async fn start(db: Db) -> Result<Option<Self>, Box<dyn Error>> {
        Self::start_with_rooms(db, RoomConfig::default()).await
    }

    /// [`TestServer::start`] with the live rooms configured as `rooms` says.
    pub async fn start_with_rooms(
        db: Db,
        rooms: RoomConfig,
    ) -> Result<Option<Self>, Box<dyn Error>> {
        let Some(db) = TestDb::new(db).await? else {
            return Ok(None);
        };
        // The live rooms as `omnios serve` wires them: documents in the store, members admitted
        // by their session.
        let rooms = Rooms::on_store(&db.store, rooms);
        let blobs = BlobStore::memory();
        let state = AppState::new(db._dir.path().join("web"))
            .with_store(db.store.clone())
            .with_rooms(rooms)
            .with_blobs(blobs.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        Ok(Some(Self {
            base,
            db,
            blobs,
            client: reqwest::Client::new(),
        }))
    }

    /// Sends `method path` with the session cookie `session` and the JSON `body`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        session: Option<&str>,
        body: Option<Value>,
    ) -> Result<Answer, Box<dyn Error>> {
        self.send(method, path, session, body, &[]).await
    }

    /// [`TestServer::call`] with extra headers.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        session: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, Box<dyn Error>> {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(session) = session {
            request = request.header("cookie", format!("omnios_session={session}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let json = headers
            .get("content-type")
            .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
        let bytes = response.bytes().await?;
        // A JSON answer must parse; bytes (a version's document) are checked by status only.
        let body = if bytes.is_empty() || !json {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&bytes)))?
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    /// Sends `method path` with the session cookie `session`, the raw `body` and extra
    /// `headers`; the answer's body as bytes.
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        session: Option<&str>,
        body: Option<Vec<u8>>,
        headers: &[(&str, &str)],
    ) -> Result<RawAnswer, Box<dyn Error>> {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(session) = session {
            request = request.header("cookie", format!("omnios_session={session}"));
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await?;
        Ok(RawAnswer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            bytes: response.bytes().await?.to_vec(),
        })
    }

    /// Signs up `email` (password `correct horse`), signed in.
    pub async fn sign_up(&self, email: &str) -> Result<Account, Box<dyn Error>> {
        let answer = self
            .call(
                Method::POST,
                "/api/auth/signup",
                None,
                Some(serde_json::json!({ "email": email, "password": "correct horse" })),
            )
            .await?;
        assert_eq!(answer.status, 201, "{:?}", answer.body);
        Ok(Account {
            id: answer.body["id"].as_str().ok_or("no id")?.to_owned(),
            email: email.to_owned(),
            session: answer.session().ok_or("no session cookie")?,
        })
    }

    /// Creates a project owned by `owner`; its id.
    pub async fn create_project(
        &self,
        owner: &Account,
        name: &str,
    ) -> Result<String, Box<dyn Error>> {
        let answer = self
            .call(
                Method::POST,
                "/api/projects",
                Some(&owner.session),
                Some(serde_json::json!({ "name": name })),
            )
            .await?;
        assert_eq!(answer.status, 201, "{:?}", answer.body);
        Ok(answer.body["id"].as_str().ok_or("no id")?.to_owned())
    }

    /// A project named `name` with one member in each role: `owner@`, `editor@` and
    /// `viewer@example.com`.
    pub async fn team(&self, name: &str) -> Result<Team, Box<dyn Error>> {
        let owner = self.sign_up("owner@example.com").await?;
        let editor = self.sign_up("editor@example.com").await?;
        let viewer = self.sign_up("viewer@example.com").await?;
        let project = self.create_project(&owner, name).await?;
        self.add_member(&owner, &project, &editor, "editor").await?;
        self.add_member(&owner, &project, &viewer, "viewer").await?;
        Ok(Team {
            owner,
            editor,
            viewer,
            project,
        })
    }

    /// Adds `member` to `project` with `role`, as `owner`.
    pub async fn add_member(
        &self,
        owner: &Account,
        project: &str,
        member: &Account,
        role: &str,
    ) -> Result<(), Box<dyn Error>> {
        let answer = self
            .call(
                Method::POST,
                &format!("/api/projects/{project}/members"),
                Some(&owner.session),
                Some(serde_json::json!({ "email": member.email, "role": role })),
            )
            .await?;
        assert_eq!(answer.status, 201, "{:?}", answer.body);
        Ok(())
    }
}
