//! The rooms' document log on the store: append, load, compact — on SQLite and on PostgreSQL.

mod common;

use common::api::{Db, TestDb, TestResult};
use omnios_server::store::{Actor, ProjectId, StoreError, StoredDocument, UserId};

async fn a_document_log_round_trips_through_compaction(db: Db) -> TestResult {
    let Some(test) = TestDb::new(db).await? else {
        return Ok(());
    };
    let store = &test.store;
    let user = store
        .create_user(
            &Actor::anonymous("t"),
            "ada@example.com",
            "$argon2id$not-checked-here",
        )
        .await?;
    let actor = Actor::user(user.id.clone(), "t");
    let project = store.create_project(&actor, "Doc").await?.id;

    assert_eq!(
        store.load_document(&project).await?,
        StoredDocument::default()
    );
    for i in 1..=5u8 {
        let seq = store.append_update(&project, &[i, i, i]).await?;
        assert_eq!(seq, i64::from(i));
    }
    let loaded = store.load_document(&project).await?;
    assert_eq!(loaded.snapshot, None);
    assert_eq!(
        loaded.updates,
        (1..=5u8)
            .map(|i| (i64::from(i), vec![i, i, i]))
            .collect::<Vec<_>>()
    );

    // Compacting up to 3 keeps 4 and 5 after the snapshot; numbers are never reused.
    store.compact(&project, b"snapshot-3", 3).await?;
    let loaded = store.load_document(&project).await?;
    assert_eq!(loaded.snapshot.as_deref(), Some(&b"snapshot-3"[..]));
    assert_eq!(loaded.updates, vec![(4, vec![4, 4, 4]), (5, vec![5, 5, 5])]);
    assert_eq!(store.append_update(&project, b"six").await?, 6);
    store.compact(&project, b"snapshot-6", 6).await?;
    let loaded = store.load_document(&project).await?;
    assert_eq!(
        (loaded.snapshot.as_deref(), loaded.updates.len()),
        (Some(&b"snapshot-6"[..]), 0)
    );
    assert_eq!(store.append_update(&project, b"seven").await?, 7);

    // An older snapshot, a sequence never appended, an unknown project: refused, nothing lost.
    assert!(matches!(
        store.compact(&project, b"old", 5).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.compact(&project, b"future", 99).await,
        Err(StoreError::Validation(_))
    ));
    let unknown = ProjectId("no-such-project".into());
    assert!(matches!(
        store.append_update(&unknown, b"x").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.load_document(&unknown).await,
        Err(StoreError::NotFound(_))
    ));
    let loaded = store.load_document(&project).await?;
    assert_eq!(loaded.snapshot.as_deref(), Some(&b"snapshot-6"[..]));
    assert_eq!(loaded.updates, vec![(7, b"seven".to_vec())]);

    // Concurrent appends get distinct, gapless numbers.
    let appends = (0..20u8).map(|i| {
        let store = store.clone();
        let project = project.clone();
        tokio::spawn(async move { store.append_update(&project, &[i]).await })
    });
    let mut seqs = Vec::new();
    for append in futures::future::join_all(appends).await {
        seqs.push(append??);
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (8..28).collect::<Vec<i64>>());

    // A room's group commit: several updates in one append, numbered in order after the rest.
    let batch = vec![b"g1".to_vec(), b"g2".to_vec(), b"g3".to_vec()];
    assert_eq!(store.append_updates(&project, &batch).await?, 30);
    assert_eq!(store.append_updates(&project, &[]).await?, 0);
    let loaded = store.load_document(&project).await?;
    assert_eq!(
        loaded.updates[loaded.updates.len() - 3..],
        [
            (28, b"g1".to_vec()),
            (29, b"g2".to_vec()),
            (30, b"g3".to_vec())
        ]
    );
    assert!(matches!(
        store.append_updates(&unknown, &batch).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.append_update(&project, b"after").await?, 31);

    // Roles for the rooms; deleting the project deletes its document.
    assert_eq!(
        store.role_of(&user.id, &project).await?,
        Some(omnios_server::store::Role::Owner)
    );
    assert_eq!(
        store.role_of(&UserId("someone".into()), &project).await?,
        None
    );
    store.delete_project(&actor, &project).await?;
    assert!(matches!(
        store.load_document(&project).await,
        Err(StoreError::NotFound(_))
    ));
    Ok(())
}

on_both!(a_document_log_round_trips_through_compaction);
