//! The `omnios` binary itself: `serve --port 0` binds a free port, prints the address, answers;
//! with no database configured it keeps accounts in SQLite in the data directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Kills the server even when an assertion fails.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_on_port_zero_prints_the_bound_address_and_answers_healthz() -> TestResult {
    let web_dir = tempfile::tempdir()?;
    // A data directory that does not exist yet: the server creates it.
    let data = web_dir.path().join("nested/data");
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_omnios"))
            .args(["serve", "--port", "0", "--web-dir"])
            .arg(web_dir.path())
            .arg("--data")
            .arg(&data)
            .env_remove("OMNIOS_PORT")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let stdout = server.0.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("omnios listening on http://")
        .ok_or_else(|| format!("unexpected first line: {line:?}"))?;
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    assert!(
        !addr.ends_with(":0"),
        "printed the requested port, not the bound one: {addr}"
    );

    let mut stream = TcpStream::connect(addr)?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#""status":"ok""#), "{response}");

    let body = r#"{"email":"ada@example.com","password":"correct horse"}"#;
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "POST /api/auth/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(
        response.contains("set-cookie: omnios_session="),
        "{response}"
    );
    assert!(
        data.join("omnios.db").is_file(),
        "no SQLite file in {}",
        data.display()
    );
    Ok(())
}
