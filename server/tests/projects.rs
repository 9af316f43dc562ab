//! Projects over HTTP: optimistic locking, filtered, sorted and paged lists, and the audit
//! log — on SQLite and on PostgreSQL.

mod common;

use common::api::{Db, TestResult, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

async fn a_stale_version_is_a_conflict_and_changes_nothing(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let bob = server.sign_up("bob@example.com").await?;
    let project = server.create_project(&ada, "Landing").await?;
    server.add_member(&ada, &project, &bob, "editor").await?;
    let path = format!("/api/projects/{project}");

    // Both read version 1; Ada writes first.
    let first = server
        .call(
            Method::PATCH,
            &path,
            Some(&ada.session),
            Some(json!({ "name": "Ada's", "version": 1 })),
        )
        .await?;
    assert_eq!(
        (first.status, first.body["version"].as_i64()),
        (200, Some(2))
    );
    let stale = server
        .call(
            Method::PATCH,
            &path,
            Some(&bob.session),
            Some(json!({ "name": "Bob's", "version": 1 })),
        )
        .await?;
    assert_eq!((stale.status, stale.code()), (409, "conflict"));
    let shown = server
        .call(Method::GET, &path, Some(&bob.session), None)
        .await?;
    assert_eq!(
        (shown.body["name"].as_str(), shown.body["version"].as_i64()),
        (Some("Ada's"), Some(2))
    );
    assert_eq!(shown.body["role"], "editor");

    // Racing writers from the same version: exactly one wins.
    let racers = (0..6).map(|i| {
        let session = if i % 2 == 0 {
            &ada.session
        } else {
            &bob.session
        };
        server.call(
            Method::PATCH,
            &path,
            Some(session),
            Some(json!({ "name": format!("racer {i}"), "version": 2 })),
        )
    });
    let answers = futures::future::join_all(racers)
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        5,
        "{statuses:?}"
    );

    let invalid = server
        .call(
            Method::PATCH,
            &path,
            Some(&ada.session),
            Some(json!({ "name": "  ", "version": 3 })),
        )
        .await?;
    assert_eq!((invalid.status, invalid.code()), (400, "validation_error"));
    let no_version = server
        .call(
            Method::PATCH,
            &path,
            Some(&ada.session),
            Some(json!({ "name": "x" })),
        )
        .await?;
    assert_eq!(
        (no_version.status, no_version.code()),
        (400, "validation_error")
    );
    Ok(())
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn lists_filter_sort_and_page(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let bob = server.sign_up("bob@example.com").await?;
    for i in 0..25 {
        server.create_project(&ada, &format!("Site {i:02}")).await?;
    }
    server.create_project(&ada, "Blog").await?;
    server.create_project(&ada, "100%_done").await?;
    let shared = server.create_project(&bob, "Bob's site").await?;
    server.add_member(&bob, &shared, &ada, "viewer").await?;
    server.create_project(&bob, "Bob's secret").await?;

    let list = |query: String| {
        let session = ada.session.clone();
        let server = &server;
        async move {
            server
                .call(
                    Method::GET,
                    &format!("/api/projects?{query}"),
                    Some(&session),
                    None,
                )
                .await
        }
    };

    // Mine and shared with me (with my role), never what I am not a member of.
    let all = list("limit=100&sort=name&order=asc".into()).await?;
    assert_eq!(all.status, 200);
    let all_names = names(&all.body);
    assert_eq!(all_names.len(), 28);
    assert_eq!(&all_names[..3], ["100%_done", "Blog", "Bob's site"]);
    assert!(!all_names.iter().any(|n| n == "Bob's secret"));
    assert_eq!(all.body["items"][2]["role"], "viewer");
    assert_eq!(all.body["items"][1]["role"], "owner");
    assert!(all.body["next_cursor"].is_null());

    // Filter: contains, ASCII case ignored; % and _ are literal.
    assert_eq!(
        names(&list("q=SITE&limit=100".into()).await?.body).len(),
        26
    );
    assert_eq!(names(&list("q=%25_".into()).await?.body), ["100%_done"]);
    assert_eq!(
        names(&list("q=zzz".into()).await?.body),
        Vec::<String>::new()
    );

    // Pages by cursor, descending by name, until there is no next one.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = list(format!("sort=name&order=desc&limit=10{cursor}")).await?;
        seen.extend(names(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    let mut expected = all_names.clone();
    expected.reverse();
    assert_eq!(seen, expected);

    // By last change: renaming moves a project first.
    let blog = all.body["items"][1]["id"]
        .as_str()
        .ok_or("no id")?
        .to_owned();
    server
        .call(
            Method::PATCH,
            &format!("/api/projects/{blog}"),
            Some(&ada.session),
            Some(json!({ "name": "Blog 2", "version": 1 })),
        )
        .await?;
    let recent = list("sort=updated_at&order=desc&limit=2".into()).await?;
    assert_eq!(names(&recent.body)[0], "Blog 2");
    let second = list(format!(
        "sort=updated_at&order=desc&limit=2&cursor={}",
        recent.body["next_cursor"].as_str().ok_or("no cursor")?
    ))
    .await?;
    assert!(!names(&second.body).contains(&"Blog 2".to_owned()));

    // Offset paging.
    let offset = list("sort=name&order=asc&limit=5&offset=3".into()).await?;
    assert_eq!(names(&offset.body), all_names[3..8]);

    for bad in [
        "limit=101",
        "limit=0",
        "offset=-1",
        "sort=size",
        "order=up",
        "cursor=zz",
        "cursor=00&offset=1",
    ] {
        let answer = list(bad.into()).await?;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "validation_error"),
            "{bad}"
        );
    }
    Ok(())
}

async fn every_change_is_in_the_audit_log(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let bob = server.sign_up("bob@example.com").await?;
    let project = server.create_project(&ada, "Audited").await?;
    server.add_member(&ada, &project, &bob, "viewer").await?;
    let p = format!("/api/projects/{project}");
    server
        .call(
            Method::PATCH,
            &format!("{p}/members/{}", bob.id),
            Some(&ada.session),
            Some(json!({ "role": "editor" })),
        )
        .await?;
    server
        .call(
            Method::PATCH,
            &p,
            Some(&bob.session),
            Some(json!({ "name": "Renamed", "version": 1 })),
        )
        .await?;
    let link = server
        .call(
            Method::POST,
            &format!("{p}/share-links"),
            Some(&ada.session),
            Some(json!({ "role": "viewer" })),
        )
        .await?;
    let token = link.body["token"].as_str().ok_or("no token")?;
    server
        .call(
            Method::DELETE,
            &format!("{p}/share-links/{token}"),
            Some(&ada.session),
            None,
        )
        .await?;
    server
        .call(
            Method::DELETE,
            &format!("{p}/members/{}", bob.id),
            Some(&ada.session),
            None,
        )
        .await?;
    // A refused change is not logged as one.
    server
        .call(Method::DELETE, &p, Some(&bob.session), None)
        .await?;

    let log = server
        .call(Method::GET, &format!("{p}/audit"), Some(&ada.session), None)
        .await?;
    assert_eq!(log.status, 200);
    let entries = log.body["items"].as_array().ok_or("no items")?;
    let actions: Vec<&str> = entries
        .iter()
        .rev()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "project.create",
            "member.add",
            "member.update",
            "project.update",
            "share_link.create",
            "share_link.revoke",
            "member.remove"
        ]
    );
    let update = &entries[3];
    assert_eq!(update["actor"].as_str(), Some(bob.id.as_str()));
    assert_eq!(update["detail"]["name"], "Renamed");
    assert!(entries
        .iter()
        .all(|e| e["correlation_id"].as_str().is_some_and(|c| !c.is_empty())));
    assert!(
        !log.body.to_string().contains(token),
        "the audit log shows a link's token"
    );

    // Deleting keeps the log.
    let deleted = server
        .call(Method::DELETE, &p, Some(&ada.session), None)
        .await?;
    assert_eq!(deleted.status, 204);
    let last = server.db.store.recent_audit(1).await?;
    assert_eq!(last[0].action, "project.delete");
    assert_eq!(
        last[0].project.as_ref().map(|p| p.0.as_str()),
        Some(project.as_str())
    );
    Ok(())
}

on_both!(
    a_stale_version_is_a_conflict_and_changes_nothing,
    lists_filter_sort_and_page,
    every_change_is_in_the_audit_log,
);
