//! The store's typed CRUD against the store's p95 targets — create and update a project < 10 ms,
//! get one < 5 ms, list 100 < 20 ms — on SQLite (a file, as `omnios serve` keeps it) and on
//! PostgreSQL (a fresh `omnios_bench_<random>` database on 127.0.0.1:5432, dropped after; left
//! out with a printed reason when nothing answers there). Suite `persistence` in
//! target/bench/persistence.json (tests/bench/README.md); each case also prints the p95 of
//! single operations, which criterion's per-sample means smooth over.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use omnios_server::store::{Actor, ListQuery, Order, ProjectPatch, SortBy, Store};
use sqlx::Connection;

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

/// Times each operation of a criterion sample; the p95 of all of them is printed at the end.
#[derive(Default, Clone)]
struct Durations(Arc<Mutex<Vec<Duration>>>);

impl Durations {
    fn push(&self, d: Duration) {
        if let Ok(mut all) = self.0.lock() {
            all.push(d);
        }
    }

    fn report(&self, name: &str, target_ms: f64) {
        let Ok(mut all) = self.0.lock() else { return };
        all.sort_unstable();
        if all.is_empty() {
            return;
        }
        // Nearest rank, as tests/bench/results.mjs computes it.
        let rank = ((all.len() as f64) * 0.95).ceil() as usize;
        let p95 = all[rank.clamp(1, all.len()) - 1].as_secs_f64() * 1000.0;
        let verdict = if p95 < target_ms { "meets" } else { "MISSES" };
        println!(
            "{name}: p95 of {} single operations {p95:.2} ms ({verdict} the < {target_ms} ms target)",
            all.len()
        );
    }
}

async fn postgres_store() -> Option<(Store, String)> {
    let reachable = std::net::TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], 5432)),
        Duration::from_secs(2),
    )
    .is_ok();
    if !reachable {
        println!("store bench: PostgreSQL left out, nothing answers on 127.0.0.1:5432");
        return None;
    }
    sqlx::any::install_default_drivers();
    let name = format!("omnios_bench_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(&format!("{POSTGRES}/postgres"))
        .await
        .ok()?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .ok()?;
    let store = Store::connect(&format!("{POSTGRES}/{name}")).await.ok()?;
    Some((store, name))
}

async fn drop_postgres(store: Store, name: &str) {
    store.close().await;
    if let Ok(mut admin) = sqlx::AnyConnection::connect(&format!("{POSTGRES}/postgres")).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
    }
}

fn bench_store(c: &mut Criterion, runtime: &tokio::runtime::Runtime, label: &str, store: &Store) {
    let (actor, project, lister) = runtime.block_on(async {
        let user = store
            .create_user(
                &Actor::anonymous("bench"),
                &format!("bench-{label}@example.com"),
                "x",
            )
            .await
            .expect("a bench user");
        let actor = Actor::user(user.id, "bench");
        let project = store
            .create_project(&actor, "Bench")
            .await
            .expect("a bench project");
        // A second user with 150 projects, for lists of 100.
        let lister = store
            .create_user(
                &Actor::anonymous("bench"),
                &format!("lister-{label}@example.com"),
                "x",
            )
            .await
            .expect("a bench user");
        let lister = Actor::user(lister.id, "bench");
        for i in 0..150 {
            store
                .create_project(&lister, &format!("Listed {i:03}"))
                .await
                .expect("a listed project");
        }
        (actor, project, lister)
    });

    let mut group = c.benchmark_group("persistence");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(3));

    let times = Durations::default();
    group.bench_function(format!("store {label}: create project"), |b| {
        b.to_async(runtime).iter_custom(|iters| {
            let (store, actor, times) = (store.clone(), actor.clone(), times.clone());
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    store
                        .create_project(&actor, "Created")
                        .await
                        .expect("create");
                    let spent = start.elapsed();
                    times.push(spent);
                    total += spent;
                }
                total
            }
        })
    });
    times.report(&format!("store {label}: create project"), 10.0);

    let times = Durations::default();
    let version = Arc::new(AtomicI64::new(project.version));
    group.bench_function(format!("store {label}: update project"), |b| {
        b.to_async(runtime).iter_custom(|iters| {
            let (store, actor, times) = (store.clone(), actor.clone(), times.clone());
            let (id, version) = (project.id.clone(), version.clone());
            async move {
                let mut total = Duration::ZERO;
                for i in 0..iters {
                    let patch = ProjectPatch {
                        name: Some(format!("Renamed {i}")),
                        version: version.load(Ordering::Relaxed),
                    };
                    let start = Instant::now();
                    let updated = store
                        .update_project(&actor, &id, &patch)
                        .await
                        .expect("update");
                    let spent = start.elapsed();
                    version.store(updated.version, Ordering::Relaxed);
                    times.push(spent);
                    total += spent;
                }
                total
            }
        })
    });
    times.report(&format!("store {label}: update project"), 10.0);

    let times = Durations::default();
    group.bench_function(format!("store {label}: get project"), |b| {
        b.to_async(runtime).iter_custom(|iters| {
            let (store, actor, times, id) = (
                store.clone(),
                actor.clone(),
                times.clone(),
                project.id.clone(),
            );
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    store.project(&actor, &id).await.expect("get");
                    let spent = start.elapsed();
                    times.push(spent);
                    total += spent;
                }
                total
            }
        })
    });
    times.report(&format!("store {label}: get project"), 5.0);

    let times = Durations::default();
    let query = ListQuery {
        sort: SortBy::UpdatedAt,
        order: Order::Desc,
        limit: Some(100),
        ..ListQuery::default()
    };
    group.bench_function(format!("store {label}: list 100 projects"), |b| {
        b.to_async(runtime).iter_custom(|iters| {
            let (store, lister, times, query) =
                (store.clone(), lister.clone(), times.clone(), query.clone());
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let page = store.list_projects(&lister, &query).await.expect("list");
                    let spent = start.elapsed();
                    assert_eq!(page.items.len(), 100);
                    times.push(spent);
                    total += spent;
                }
                total
            }
        })
    });
    times.report(&format!("store {label}: list 100 projects"), 20.0);
    group.finish();
}

fn store(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sqlite = runtime
        .block_on(Store::open_sqlite_dir(dir.path()))
        .expect("SQLite opens");
    bench_store(c, &runtime, "sqlite", &sqlite);
    runtime.block_on(sqlite.close());

    if let Some((postgres, name)) = runtime.block_on(postgres_store()) {
        bench_store(c, &runtime, "postgres", &postgres);
        runtime.block_on(drop_postgres(postgres, &name));
    }
}

criterion_group!(benches, store);
criterion_main!(benches);
