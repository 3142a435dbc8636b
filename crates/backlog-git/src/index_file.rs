//! Git's index file read for the entries under one folder, without libgit2: only what
//! vouching for a file needs (its path, blob, stat data and flags). libgit2 checks the
//! file's hash, copies and validates every path and files each entry in a map; for an
//! index of 10,000 stories that was a tenth of a cached `next`.
//!
//! Versions 2, 3 and 4 (Documentation/gitformat-index.txt). An index this cannot read
//! wholly (another version, a split index, a damaged file) gives `None`, and then no file
//! is vouched for. The trailing checksum is not verified: git's own commands check it, and
//! a file it would refuse is one nothing else here trusts either.

use std::ops::Range;

/// One entry: its path (in [`Entries::names`]) and what git recorded of the file.
pub(crate) struct Entry {
    pub name: Range<usize>,
    pub blob: [u8; 20],
    pub ctime: (u32, u32),
    pub mtime: (u32, u32),
    pub ino: u32,
    pub size: u32,
    /// A side of a conflict (stage 1 to 3).
    pub stage: u8,
    /// `git add -N`: a path to come, with no content yet.
    pub intent_to_add: bool,
}

/// The entries whose paths start with a prefix, in the index's order (by path bytes).
#[derive(Default)]
pub(crate) struct Entries {
    pub names: Vec<u8>,
    pub entries: Vec<Entry>,
    /// Any entry of the index (under the prefix or not) is a side of a conflict.
    pub conflicts: bool,
}

impl Entries {
    pub fn name(&self, entry: &Entry) -> &[u8] {
        &self.names[entry.name.clone()]
    }
}

const SIGNATURE: &[u8] = b"DIRC";
const HASH: usize = 20;
/// The fixed part of an entry: ctime, mtime, dev, ino, mode, uid, gid, size (4 bytes
/// each, times in two), the object name, the flags.
const FIXED: usize = 40 + HASH + 2;
const EXTENDED: u16 = 0x4000;
const STAGE: u16 = 0x3000;
const INTENT_TO_ADD: u16 = 0x2000;

/// The entries of the index `bytes` whose paths start with `prefix`.
pub(crate) fn read(bytes: &[u8], prefix: &[u8]) -> Option<Entries> {
    if bytes.get(..4)? != SIGNATURE {
        return None;
    }
    let version = u32_at(bytes, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = u32_at(bytes, 8)? as usize;
    let mut at = 12;
    let mut out = Entries {
        names: Vec::new(),
        entries: Vec::new(),
        conflicts: false,
    };
    // Version 4 keeps each path as a part of the one before it plus a suffix.
    let mut path: Vec<u8> = Vec::new();
    for _ in 0..count {
        let fixed = bytes.get(at..at + FIXED)?;
        let word = |i: usize| u32::from_be_bytes(fixed[i * 4..i * 4 + 4].try_into().unwrap());
        let flags = u16::from_be_bytes([fixed[FIXED - 2], fixed[FIXED - 1]]);
        let mut end = at + FIXED;
        let extended = match flags & EXTENDED != 0 {
            true if version >= 3 => {
                let ext = bytes.get(end..end + 2)?;
                end += 2;
                u16::from_be_bytes([ext[0], ext[1]])
            }
            true => return None,
            false => 0,
        };
        if version == 4 {
            let (strip, used) = varint(bytes.get(end..)?)?;
            end += used;
            let keep = path.len().checked_sub(usize::try_from(strip).ok()?)?;
            path.truncate(keep);
            let suffix = nul_terminated(bytes.get(end..)?)?;
            path.extend_from_slice(suffix);
            end += suffix.len() + 1;
        } else {
            let name = nul_terminated(bytes.get(end..)?)?;
            path.clear();
            path.extend_from_slice(name);
            // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
            end = at + (end - at + name.len() + 8) / 8 * 8;
        }
        let stage = ((flags & STAGE) >> 12) as u8;
        out.conflicts |= stage != 0;
        if path.starts_with(prefix) {
            let start = out.names.len();
            out.names.extend_from_slice(&path);
            out.entries.push(Entry {
                name: start..out.names.len(),
                blob: fixed[40..40 + HASH].try_into().ok()?,
                ctime: (word(0), word(1)),
                mtime: (word(2), word(3)),
                ino: word(5),
                size: word(9),
                stage,
                intent_to_add: extended & INTENT_TO_ADD != 0,
            });
        }
        at = end;
    }
    // Extensions, then the checksum. A split index keeps its entries elsewhere.
    while bytes.len().checked_sub(at)? > HASH {
        let signature = bytes.get(at..at + 4)?;
        if signature == b"link" {
            return None;
        }
        let size = u32_at(bytes, at + 4)? as usize;
        at = at.checked_add(8 + size)?;
    }
    (bytes.len() - at == HASH).then_some(out)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn nul_terminated(bytes: &[u8]) -> Option<&[u8]> {
    let end = bytes.iter().position(|b| *b == 0)?;
    Some(&bytes[..end])
}

/// Git's offset varint (varint.c): seven bits a byte, high bit set on all but the last,
/// and one added before each shift. The value and the bytes it took.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut used = 0;
    let mut byte = *bytes.first()?;
    let mut value = u64::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        used += 1;
        byte = *bytes.get(used)?;
        value = value.checked_add(1)?.checked_mul(128)? + u64::from(byte & 0x7f);
    }
    Some((value, used + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &std::path::Path, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// What libgit2 reads of the same index, as our entries would say it.
    fn libgit2(dir: &std::path::Path, prefix: &[u8]) -> Vec<String> {
        let index = git2::Index::open(&dir.join(".git/index")).unwrap();
        index
            .iter()
            .filter(|e| e.path.starts_with(prefix))
            .map(|e| {
                format!(
                    "{} {} {}.{} {}.{} {} {} {} {}",
                    String::from_utf8_lossy(&e.path),
                    e.id,
                    e.ctime.seconds() as u32,
                    e.ctime.nanoseconds(),
                    e.mtime.seconds() as u32,
                    e.mtime.nanoseconds(),
                    e.ino,
                    e.file_size,
                    (e.flags & STAGE) >> 12,
                    e.flags_extended & INTENT_TO_ADD != 0,
                )
            })
            .collect()
    }

    fn ours(dir: &std::path::Path, prefix: &[u8]) -> Vec<String> {
        let bytes = std::fs::read(dir.join(".git/index")).unwrap();
        let read = read(&bytes, prefix).expect("the index reads");
        read.entries
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}.{} {}.{} {} {} {} {}",
                    String::from_utf8_lossy(read.name(e)),
                    git2::Oid::from_bytes(&e.blob).unwrap(),
                    e.ctime.0,
                    e.ctime.1,
                    e.mtime.0,
                    e.mtime.1,
                    e.ino,
                    e.size,
                    e.stage,
                    e.intent_to_add,
                )
            })
            .collect()
    }

    #[test]
    fn every_version_reads_as_libgit2_reads_it() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        git(dir, &["init", "-q"]);
        let long = "x".repeat(200);
        for (i, name) in [
            "backlog/stories/PAY-1-a.md".to_string(),
            "backlog/stories/PAY-10-ab.md".into(),
            "backlog/stories/PAY-2-abcdefg.md".into(),
            format!("backlog/stories/deep/er/PAY-3-{long}.md"),
            "backlog/config.yml".into(),
            "backlogs.md".into(),
            "README.md".into(),
            "z/other.md".into(),
        ]
        .iter()
        .enumerate()
        {
            let file = dir.join(name);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, format!("text {i}\n").repeat(i + 1)).unwrap();
        }
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        std::fs::write(dir.join("backlog/stories/PAY-4-new.md"), "new\n").unwrap();
        git(dir, &["add", "-N", "backlog/stories/PAY-4-new.md"]);
        for version in ["2", "3", "4", "2"] {
            git(dir, &["update-index", "--index-version", version]);
            for prefix in [&b"backlog/"[..], b"backlog/stories/", b""] {
                let expected = libgit2(dir, prefix);
                assert!(expected.len() >= 5 || prefix != b"backlog/");
                assert_eq!(ours(dir, prefix), expected, "version {version}");
            }
        }
        let bytes = std::fs::read(dir.join(".git/index")).unwrap();
        let read = read(&bytes, b"backlog/").unwrap();
        assert!(!read.conflicts);
        assert!(read.entries.iter().any(|e| e.intent_to_add));
        // Damaged: cut short, or another signature, reads as nothing.
        for cut in [0, 12, 100, bytes.len() - 1] {
            assert!(super::read(&bytes[..cut], b"").is_none(), "cut at {cut}");
        }
        let mut other = bytes.clone();
        other[0] = b'X';
        assert!(super::read(&other, b"").is_none());
    }

    #[test]
    fn a_conflict_is_seen_anywhere_in_the_index() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        std::fs::write(dir.join("NOTES"), "one\n").unwrap();
        git(dir, &["add", "NOTES"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        git(dir, &["checkout", "-q", "-b", "other"]);
        std::fs::write(dir.join("NOTES"), "two\n").unwrap();
        git(dir, &["commit", "-q", "-am", "two"]);
        git(dir, &["checkout", "-q", "main"]);
        std::fs::write(dir.join("NOTES"), "three\n").unwrap();
        git(dir, &["commit", "-q", "-am", "three"]);
        let merged = Command::new("git")
            .args(["merge", "-q", "other"])
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(!merged.status.success());
        let bytes = std::fs::read(dir.join(".git/index")).unwrap();
        let read = read(&bytes, b"backlog/").unwrap();
        assert!(read.conflicts && read.entries.is_empty());
        assert_eq!(ours(dir, b""), libgit2(dir, b""));
    }

    #[test]
    fn varints_are_gits() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x7f]), Some((127, 1)));
        // 128 is 0x80 0x00 in git's encoding (one is added before the shift).
        assert_eq!(varint(&[0x80, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0x80, 0x7f]), Some((255, 2)));
        assert_eq!(varint(&[0x80]), None);
    }
}
