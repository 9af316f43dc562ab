//! Accounts over HTTP: validation, the session cookie's attributes, rotation on sign-in,
//! sign-out, the sign-in rate limit and correlation ids — on SQLite and on PostgreSQL.

mod common;

use common::api::{Db, TestResult, TestServer};
use omnios_server::store::UserId;
use reqwest::Method;
use serde_json::json;

fn credentials(email: &str, password: &str) -> Option<serde_json::Value> {
    Some(json!({ "email": email, "password": password }))
}

async fn sign_up_validates_and_refuses_a_taken_email(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let long_password = "x".repeat(129);
    let long_email = format!("{}@example.com", "a".repeat(250));
    for (email, password) in [
        ("not an email", "correct horse"),
        ("@example.com", "correct horse"),
        (long_email.as_str(), "correct horse"),
        ("ada@example.com", "short"),
        ("ada@example.com", long_password.as_str()),
    ] {
        let answer = server
            .call(
                Method::POST,
                "/api/auth/signup",
                None,
                credentials(email, password),
            )
            .await?;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "validation_error"),
            "{email:?} {password:?}"
        );
        assert!(answer.session().is_none());
    }
    let malformed = server
        .send(
            Method::POST,
            "/api/auth/signup",
            None,
            None,
            &[("content-type", "application/json")],
        )
        .await?;
    assert_eq!(
        (malformed.status, malformed.code()),
        (400, "validation_error")
    );

    // Addresses are compared trimmed and lower-cased.
    server.sign_up("ada@example.com").await?;
    let taken = server
        .call(
            Method::POST,
            "/api/auth/signup",
            None,
            credentials(" ADA@example.com ", "another password"),
        )
        .await?;
    assert_eq!((taken.status, taken.code()), (409, "conflict"));
    Ok(())
}

async fn sign_in_sets_a_safe_cookie_and_rotates_the_session(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let user = UserId(ada.id.clone());
    assert_eq!(server.db.store.session_count(&user).await?, 1);
    let session = server
        .call(Method::GET, "/api/auth/session", Some(&ada.session), None)
        .await?;
    assert_eq!(
        (session.status, session.body["user"]["id"].as_str()),
        (200, Some(ada.id.as_str()))
    );

    let signed_in = server
        .call(
            Method::POST,
            "/api/auth/signin",
            Some(&ada.session),
            credentials("ada@example.com", "correct horse"),
        )
        .await?;
    assert_eq!(signed_in.status, 200);
    assert_eq!(signed_in.body["email"], "ada@example.com");
    assert!(signed_in.body.get("password_hash").is_none());
    let cookie = signed_in.set_cookie().ok_or("no Set-Cookie")?.to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing from {cookie}"
        );
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let fresh = signed_in.session().ok_or("no session")?;
    assert_ne!(fresh, ada.session, "the session was not rotated");
    assert_eq!(fresh.len(), 64);

    // The old session is gone, the new one works, and there is still one.
    let old = server
        .call(Method::GET, "/api/auth/me", Some(&ada.session), None)
        .await?;
    assert_eq!((old.status, old.code()), (401, "unauthorized"));
    let me = server
        .call(Method::GET, "/api/auth/me", Some(&fresh), None)
        .await?;
    assert_eq!(
        (me.status, me.body["id"].as_str()),
        (200, Some(ada.id.as_str()))
    );
    assert_eq!(server.db.store.session_count(&user).await?, 1);

    // Behind an https proxy the cookie is Secure.
    let proxied = server
        .send(
            Method::POST,
            "/api/auth/signin",
            None,
            credentials("ada@example.com", "correct horse"),
            &[("x-forwarded-proto", "https")],
        )
        .await?;
    assert!(proxied.set_cookie().is_some_and(|c| c.contains("Secure")));

    let out = server
        .call(Method::POST, "/api/auth/signout", Some(&fresh), None)
        .await?;
    assert_eq!(out.status, 204);
    assert_eq!(out.session().as_deref(), Some(""), "the cookie is cleared");
    assert!(out.set_cookie().is_some_and(|c| c.contains("Max-Age=0")));
    let after = server
        .call(Method::GET, "/api/auth/me", Some(&fresh), None)
        .await?;
    assert_eq!(after.status, 401);
    let nobody = server
        .call(Method::GET, "/api/auth/session", Some(&fresh), None)
        .await?;
    assert_eq!(
        (nobody.status, &nobody.body["user"]),
        (200, &serde_json::Value::Null)
    );

    let actions: Vec<String> = server
        .db
        .store
        .recent_audit(10)
        .await?
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in ["user.signup", "session.signin", "session.signout"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} not in {actions:?}"
        );
    }
    Ok(())
}

async fn failed_sign_ins_are_rate_limited(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    server.sign_up("ada@example.com").await?;
    for attempt in 0..5 {
        let wrong = server
            .call(
                Method::POST,
                "/api/auth/signin",
                None,
                credentials("ada@example.com", "wrong password"),
            )
            .await?;
        assert_eq!(
            (wrong.status, wrong.code()),
            (401, "unauthorized"),
            "attempt {attempt}"
        );
    }
    // The sixth try is refused before the password is checked, even a right one.
    let limited = server
        .call(
            Method::POST,
            "/api/auth/signin",
            None,
            credentials("ada@example.com", "correct horse"),
        )
        .await?;
    assert_eq!((limited.status, limited.code()), (429, "rate_limited"));
    let wait: u64 = limited.headers["retry-after"].to_str()?.parse()?;
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(limited.session().is_none());

    // The same address is limited for other emails too (five failures from it).
    server.sign_up("bob@example.com").await?;
    let other = server
        .call(
            Method::POST,
            "/api/auth/signin",
            None,
            credentials("bob@example.com", "correct horse"),
        )
        .await?;
    assert_eq!(other.status, 429);

    let failed = server
        .db
        .store
        .recent_audit(20)
        .await?
        .into_iter()
        .filter(|e| e.action == "session.signin_failed")
        .count();
    assert_eq!(failed, 5);
    Ok(())
}

async fn every_answer_carries_a_correlation_id(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let given = server
        .send(
            Method::GET,
            "/api/auth/me",
            None,
            None,
            &[("x-correlation-id", "trace-42.a:b")],
        )
        .await?;
    assert_eq!(given.headers["x-correlation-id"], "trace-42.a:b");
    assert_eq!(given.body["error"]["correlation_id"], "trace-42.a:b");
    assert_eq!(given.body["error"]["code"], "unauthorized");
    assert!(given.body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));

    // A malformed id is replaced, not echoed.
    let replaced = server
        .send(
            Method::GET,
            "/healthz",
            None,
            None,
            &[("x-correlation-id", "bad id <script>")],
        )
        .await?;
    let id = replaced.headers["x-correlation-id"].to_str()?;
    assert_ne!(id, "bad id <script>");
    assert_eq!(id.len(), 36, "{id}");

    // The id of a change is in its audit entry.
    let ada = server.sign_up("ada@example.com").await?;
    server
        .send(
            Method::POST,
            "/api/projects",
            Some(&ada.session),
            Some(json!({ "name": "Traced" })),
            &[("x-correlation-id", "create-1")],
        )
        .await?;
    let entry = server.db.store.recent_audit(1).await?;
    assert_eq!(
        (entry[0].action.as_str(), entry[0].correlation_id.as_str()),
        ("project.create", "create-1")
    );
    Ok(())
}

on_both!(
    sign_up_validates_and_refuses_a_taken_email,
    sign_in_sets_a_safe_cookie_and_rotates_the_session,
    failed_sign_ins_are_rate_limited,
    every_answer_carries_a_correlation_id,
);
