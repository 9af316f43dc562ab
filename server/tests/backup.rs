//! `omnios backup` / `restore` / `verify` through the real binary.

use std::process::Command;

mod common;
use common::{omnios, s};

const PROJECT: &str = r#"{"format":"omnios","version":1,
 "pages":[{"id":"home","name":"Home","slug":"","title":"Home","description":"","order":"a0","root":"b"}],
 "elements":[
  {"id":"b","kind":"body","page":"home","parent":null,"order":"a0","name":"Body"},
  {"id":"h","kind":"text","page":"home","parent":"b","order":"a0","tag":"h1","content":"Hello","styles":{"base":{"font-size":"48px"}}}
 ]}"#;

#[test]
fn backup_verify_restore_round_trip_and_a_flipped_byte_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("site.omnios.json");
    std::fs::write(&project, PROJECT).expect("write project");
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(assets.join("img")).expect("assets");
    std::fs::write(assets.join("img/logo.png"), [137u8, 80, 78, 71]).expect("asset");
    let file = dir.path().join("site.omnios");

    let (ok, stdout, stderr) = omnios(&[
        "backup",
        s(&project),
        "--assets",
        s(&assets),
        "-o",
        s(&file),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("1 pages, 2 elements, 1 assets"), "{stdout}");

    let (ok, stdout, _) = omnios(&["verify", s(&file)]);
    assert!(ok);
    assert!(
        stdout.contains("valid OMNIOS backup") && stdout.contains("assets/img/logo.png"),
        "{stdout}"
    );

    let restored = dir.path().join("restored");
    let (ok, _, stderr) = omnios(&["restore", s(&file), "-o", s(&restored)]);
    assert!(ok, "{stderr}");
    let back: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(restored.join("project.omnios.json")).expect("read"),
    )
    .expect("json");
    let original: serde_json::Value = serde_json::from_str(PROJECT).expect("json");
    assert_eq!(back["elements"], original["elements"]);
    assert_eq!(
        std::fs::read(restored.join("assets/img/logo.png")).expect("asset"),
        vec![137u8, 80, 78, 71]
    );

    let (ok, _, stderr) = omnios(&["restore", s(&file), "-o", s(&restored)]);
    assert!(!ok && stderr.contains("not empty"), "{stderr}");

    let mut bytes = std::fs::read(&file).expect("read backup");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let tampered = dir.path().join("tampered.omnios");
    std::fs::write(&tampered, &bytes).expect("write");
    let (ok, _, stderr) = omnios(&["verify", s(&tampered)]);
    assert!(!ok && stderr.contains("altered or damaged"), "{stderr}");
    let target = dir.path().join("never");
    let (ok, _, _) = omnios(&["restore", s(&tampered), "-o", s(&target)]);
    assert!(!ok);
    assert!(!target.exists(), "a refused restore leaves nothing behind");

    let (ok, _, stderr) = omnios(&["verify", s(&project)]);
    assert!(!ok && stderr.contains("not an OMNIOS backup"), "{stderr}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    omnios_engine::backup::sha256(bytes)
}

#[test]
fn a_library_asset_from_the_folder_is_stored_under_its_hash_and_a_missing_one_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let photo = b"\x89PNG a designer's photo".to_vec();
    let hash = sha256_hex(&photo);
    let project = PROJECT.replace(
        r#"{"id":"h","#,
        &format!(
            r#"{{"id":"i","kind":"image","page":"home","parent":"b","order":"a1","props":{{"src":"asset:{hash}"}}}},{{"id":"h","#
        ),
    );
    let project = project.replacen(
        r#""elements":["#,
        &format!(
            r#""assets":[{{"id":"{hash}","name":"photo.png","mime":"image/png","size":{},"alt":"Our team"}}],"elements":["#,
            photo.len()
        ),
        1,
    );
    let file = dir.path().join("site.omnios.json");
    std::fs::write(&file, &project).expect("write project");
    let out = dir.path().join("site.omnios");

    let (ok, _, stderr) = omnios(&["backup", s(&file), "-o", s(&out)]);
    assert!(
        !ok && stderr.contains(&hash) && stderr.contains("not in the backup"),
        "a library without its bytes must be refused: {stderr}"
    );

    let assets = dir.path().join("assets");
    std::fs::create_dir_all(&assets).expect("assets");
    std::fs::write(assets.join("photo.png"), &photo).expect("photo");
    let (ok, _, stderr) = omnios(&["backup", s(&file), "--assets", s(&assets), "-o", s(&out)]);
    assert!(ok, "{stderr}");
    let (ok, stdout, _) = omnios(&["verify", s(&out)]);
    assert!(ok && stdout.contains(&format!("assets/{hash}")), "{stdout}");
    let restored = dir.path().join("restored");
    let (ok, _, stderr) = omnios(&["restore", s(&out), "-o", s(&restored)]);
    assert!(ok, "{stderr}");
    assert_eq!(
        std::fs::read(restored.join("assets").join(&hash)).expect("blob"),
        photo
    );
    let back = std::fs::read_to_string(restored.join("project.omnios.json")).expect("read");
    assert!(back.contains("Our team"), "the alt text came back");

    // `omnios blobs import` puts the library's blobs in the server's store, once.
    let data = dir.path().join("data");
    let blobs = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_omnios"))
            .arg("blobs")
            .args(args)
            .env("OMNIOS_DATA", &data)
            .env("OMNIOS_BLOBS", "filesystem")
            .output()
            .expect("run omnios blobs");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), text)
    };
    let (ok, text) = blobs(&["import", s(&out)]);
    assert!(ok && text.contains("1 blobs stored"), "{text}");
    let (ok, text) = blobs(&["import", s(&out)]);
    assert!(
        ok && text.contains("0 blobs stored, 1 already there"),
        "{text}"
    );
    let (ok, text) = blobs(&["list"]);
    assert!(ok && text.trim() == hash, "{text}");
    assert_eq!(
        std::fs::read(data.join("blobs").join(&hash)).expect("stored file"),
        photo
    );
}

/// A sealed `.omnios` file made by hand, skipping every check a writer makes: anyone can do
/// this, since the seal is a checksum, not a signature.
fn forge(name: &str, document: &[u8], snapshot: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut files: Vec<(&str, &[u8])> = vec![
        ("project.omnios.json", snapshot.as_bytes()),
        ("document.ydoc", document),
    ];
    let manifest = serde_json::json!({
        "format": "omnios-backup", "version": 1, "name": name, "createdAt": 0,
        "files": files.iter().map(|(path, bytes)| serde_json::json!({
            "path": path, "size": bytes.len(), "sha256": sha256_hex(bytes)})).collect::<Vec<_>>(),
    })
    .to_string();
    files.insert(0, ("manifest.json", manifest.as_bytes()));
    files.extend_from_slice(extra);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (path, bytes) in files {
        zip.start_file(path, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.set_comment(format!("omnios-sha256:{}", "0".repeat(64)))
        .expect("comment");
    let mut bytes = zip.finish().expect("zip").into_inner();
    let body = bytes.len() - 78;
    let seal = format!("omnios-sha256:{}", sha256_hex(&bytes[..body]));
    bytes[body..].copy_from_slice(seal.as_bytes());
    bytes
}

/// The document of a one-page project whose second element has the id `x,*` and a style value
/// that adds `position: fixed` and fires a request, written straight into the Yjs maps.
fn hostile_document() -> Vec<u8> {
    use yrs::types::map::MapPrelim;
    use yrs::{Any, Map, ReadTxn, StateVector, Transact};
    let doc = yrs::Doc::with_client_id(7);
    let pages = doc.get_or_insert_map("pages");
    let elements = doc.get_or_insert_map("elements");
    let mut txn = doc.transact_mut();
    let home = pages.insert(&mut txn, "home", MapPrelim::default());
    for (k, v) in [
        ("name", "Home"),
        ("slug", ""),
        ("title", "Home"),
        ("description", ""),
        ("order", "a0"),
        ("root", "b"),
    ] {
        home.insert(&mut txn, k, v);
    }
    for (id, kind, parent, style) in [
        ("b", "body", None, None),
        (
            "x,*",
            "container",
            Some("b"),
            Some("url(https://evil.example/beacon); position: fixed"),
        ),
    ] {
        let el = elements.insert(&mut txn, id, MapPrelim::default());
        el.insert(&mut txn, "kind", kind);
        el.insert(&mut txn, "page", "home");
        match parent {
            Some(p) => el.insert(&mut txn, "parent", p),
            None => el.insert(&mut txn, "parent", Any::Null),
        };
        el.insert(&mut txn, "order", "a0");
        el.insert(&mut txn, "props", MapPrelim::default());
        let styles = el.insert(&mut txn, "styles", MapPrelim::default());
        if let Some(value) = style {
            styles.insert(&mut txn, "base|background-image", value);
        }
    }
    drop(txn);
    let bytes = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    bytes
}

const HOSTILE_SNAPSHOT: &str = r#"{"format":"omnios","version":1,
 "pages":[{"id":"home","name":"Home","slug":"","title":"Home","description":"","order":"a0","root":"b"}],
 "elements":[
  {"id":"b","kind":"body","page":"home","parent":null,"order":"a0"},
  {"id":"x,*","kind":"container","page":"home","parent":"b","order":"a0",
   "styles":{"base":{"background-image":"url(https://evil.example/beacon); position: fixed"}}}
 ]}"#;

#[test]
fn a_backup_with_a_selector_id_and_an_escaping_style_is_refused_by_verify_and_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hostile.omnios");
    std::fs::write(
        &file,
        forge("Hostile", &hostile_document(), HOSTILE_SNAPSHOT, &[]),
    )
    .expect("write");
    let (ok, stdout, stderr) = omnios(&["verify", s(&file)]);
    assert!(!ok, "verify accepted it: {stdout}");
    assert!(stderr.contains("x,*"), "{stderr}");
    let out = dir.path().join("restored");
    let (ok, stdout, _) = omnios(&["restore", s(&file), "-o", s(&out)]);
    assert!(!ok, "restore accepted it: {stdout}");
    assert!(!out.exists(), "a refused restore writes nothing");
}

#[test]
fn names_from_a_backup_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("escapes.omnios");
    let unlisted: &[(&str, &[u8])] = &[("\u{1b}]0;owned\u{7}\u{1b}[2J", b"x")];
    std::fs::write(
        &file,
        forge("x", &hostile_document(), HOSTILE_SNAPSHOT, unlisted),
    )
    .expect("write");
    let (ok, _, stderr) = omnios(&["verify", s(&file)]);
    assert!(!ok);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "raw escape sequence reached the terminal: {stderr:?}"
    );
    assert!(stderr.contains("u{1b}"), "{stderr}");
}

#[test]
fn restore_leaves_folders_it_did_not_create_and_no_staging_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("site.omnios.json");
    std::fs::write(&project, PROJECT).expect("write project");
    let file = dir.path().join("site.omnios");
    let (ok, _, stderr) = omnios(&["backup", s(&project), "-o", s(&file)]);
    assert!(ok, "{stderr}");
    // A folder of the user's that happens to bear the name a staging folder once had.
    let out = dir.path().join("site");
    let mine = dir.path().join("site.restoring");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("keep.txt"), "mine").expect("write");
    // An empty folder of the user's as the target: it is filled, not replaced.
    std::fs::create_dir(&out).expect("mkdir");
    let (ok, _, stderr) = omnios(&["restore", s(&file), "-o", s(&out)]);
    assert!(ok, "{stderr}");
    assert!(out.join("project.omnios.json").is_file());
    assert_eq!(
        std::fs::read_to_string(mine.join("keep.txt")).expect("kept"),
        "mine"
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["site", "site.omnios", "site.omnios.json", "site.restoring"],
        "a staging folder was left behind"
    );
}
