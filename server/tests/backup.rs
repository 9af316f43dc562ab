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
            .env("OMNIOS_DATA_DIR", &data)
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
