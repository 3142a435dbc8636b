//! cargo-fuzz target: see backlog_core::fuzzing::split for the property, docs/fuzzing.md for
//! how to run it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    backlog_core::fuzzing::split(data);
});
