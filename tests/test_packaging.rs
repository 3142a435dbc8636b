//! What users without a Rust checkout get: the crates as `cargo install` builds them, and
//! the release archives `cargo binstall` downloads.

use std::process::Command;

use crate::common::run;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn packaged(krate: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = run(Command::new(cargo)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            krate,
        ])
        .current_dir(ROOT));
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout.lines().map(String::from).collect()
}

#[test]
fn the_crates_hold_what_they_build_from_and_nothing_stray() {
    let files = packaged("git-backlog");
    // Every file the binary embeds with include_str!, and the licences.
    for source in files.iter().filter(|f| f.ends_with(".rs")) {
        let text = std::fs::read_to_string(format!("{ROOT}/{source}")).unwrap();
        for embedded in text.split("include_str!(\"").skip(1) {
            let rel = embedded.split('"').next().unwrap();
            let dir = std::path::Path::new(source).parent().unwrap();
            let path = dir.join(rel);
            let normal: Vec<&str> = path.components().fold(Vec::new(), |mut parts, c| {
                match c.as_os_str().to_str().unwrap() {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    part => parts.push(part),
                }
                parts
            });
            let wanted = normal.join("/");
            assert!(
                files.contains(&wanted),
                "{source} embeds {wanted}, which is not packaged"
            );
        }
    }
    for must in [
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "Cargo.lock",
        "src/main.rs",
    ] {
        assert!(files.iter().any(|f| f == must), "{must} in {files:?}");
    }
    for stray in [
        "tests/",
        "examples/",
        "benches/",
        ".ci/",
        "fuzz/",
        ".github/",
        "target/",
    ] {
        assert!(
            !files.iter().any(|f| f.starts_with(stray)),
            "{stray} is packaged: {files:?}"
        );
    }
    for krate in ["backlog-core", "backlog-git"] {
        let files = packaged(krate);
        for must in ["LICENSE-MIT", "LICENSE-APACHE", "src/lib.rs"] {
            assert!(
                files.iter().any(|f| f == must),
                "{krate}: {must} in {files:?}"
            );
        }
    }
}

#[test]
fn the_release_builds_the_archives_cargo_binstall_looks_for() {
    let validator = crate::common::client(
        "action-validator",
        "npm install --prefix ~/.cache/git-backlog/node @action-validator/cli @action-validator/core",
    );
    let workflow = format!("{ROOT}/.github/workflows/release.yml");
    let out = run(Command::new(&validator).arg(&workflow));
    assert_eq!(out.code, 0, "{out:?}");
    let text = std::fs::read_to_string(&workflow).unwrap();
    let doc = backlog_core::yaml::parse(&text, backlog_core::yaml::Origin { line: 1, byte: 0 })
        .unwrap()
        .to_json();
    let steps = doc["jobs"]["build"]["steps"].as_array().unwrap();
    let package = steps.iter().find(|s| s["name"] == "Package").unwrap();
    let targets: Vec<&str> = doc["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    for os in ["linux", "apple", "windows"] {
        assert!(targets.iter().any(|t| t.contains(os)), "{os}: {targets:?}");
    }
    // The Package step, run as the release runs it for Linux, on a stand-in binary.
    let manifest = std::fs::read_to_string(format!("{ROOT}/Cargo.toml")).unwrap();
    let binstall = |key: &str| {
        manifest
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap()
            .to_string()
    };
    let version = env!("CARGO_PKG_VERSION");
    let target = "x86_64-unknown-linux-gnu";
    let dir = tempfile::tempdir().unwrap();
    let built = dir.path().join(format!("target/{target}/release"));
    std::fs::create_dir_all(&built).unwrap();
    std::fs::write(built.join("git-backlog"), "#!/bin/sh\necho git-backlog\n").unwrap();
    for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(format!("{ROOT}/{file}"), dir.path().join(file)).unwrap();
    }
    let env_file = dir.path().join("github-env");
    let out = run(Command::new("bash")
        .args(["-c", package["run"].as_str().unwrap()])
        .current_dir(dir.path())
        .env("TARGET", target)
        .env("GITHUB_REF_NAME", format!("v{version}"))
        .env("GITHUB_ENV", &env_file));
    assert_eq!(out.code, 0, "{out:?}");
    // The names cargo binstall computes from [package.metadata.binstall].
    let fill = |template: String| {
        template
            .replace("{ repo }/releases/download/v{ version }/", "")
            .replace("{ name }", "git-backlog")
            .replace("{ version }", version)
            .replace("{ target }", target)
            .replace("{ archive-suffix }", ".tar.gz")
            .replace("{ bin }", "git-backlog")
            .replace("{ binary-ext }", "")
    };
    let archive = fill(binstall("pkg-url"));
    assert_eq!(
        std::fs::read_to_string(&env_file).unwrap(),
        format!("ARCHIVE={archive}\n")
    );
    let listed = run(Command::new("tar")
        .arg("tzf")
        .arg(dir.path().join(&archive)));
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l == fill(binstall("bin-dir"))),
        "{}",
        listed.stdout
    );
}
