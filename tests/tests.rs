//! One integration-test binary: CLI tests against temporary git repositories.

mod common;
mod test_ac;
mod test_bad_input;
mod test_branches;
mod test_cache;
mod test_check;
mod test_concurrency;
mod test_corpus;
mod test_docs;
mod test_edit;
mod test_examples;
mod test_fields;
mod test_git_integrity;
mod test_history;
mod test_hostile;
mod test_import;
mod test_init;
mod test_integrations;
mod test_list;
mod test_mcp;
mod test_move;
mod test_new;
mod test_packaging;
mod test_rank;
mod test_release;
mod test_rm;
mod test_schema;
mod test_set;
mod test_show;
mod test_site;

/// Every test file in tests/ is compiled: a forgotten `mod` line would hide its tests.
#[test]
fn no_forgotten_test_files() {
    let this = include_str!("tests.rs");
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(module) = name.strip_suffix(".rs").filter(|m| m.starts_with("test_")) {
            assert!(
                this.contains(&format!("mod {module};")),
                "tests/{name} is not listed in tests/tests.rs"
            );
        }
    }
}
