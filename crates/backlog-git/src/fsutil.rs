//! Writing files safely: atomically, never through a symbolic link, never over a file we
//! did not mean to replace.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader sees the old file or the new one, never half of one. With `create_only`, an
/// existing file is an error rather than replaced. An existing file keeps its mode.
pub fn write_atomic(path: &Path, bytes: &[u8], create_only: bool) -> std::io::Result<()> {
    replace(path, &[bytes], create_only, true)
}

/// As `write_atomic`, for files made from others (the pages of `site build`): still
/// atomic and never through a link, but not flushed to the disk one by one. A crash can
/// lose them; building again makes them, and ten thousand flushes cost seconds.
pub fn write_generated(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, &[bytes], false, false)
}

/// As `write_generated`, for a file made of `parts` written one after the other (kept
/// apart, a large file is not copied into one buffer first).
pub fn write_generated_parts(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    replace(path, parts, false, false)
}

fn replace(path: &Path, parts: &[&[u8]], create_only: bool, durable: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let existing = std::fs::symlink_metadata(path).ok();
    if let Some(meta) = &existing {
        if create_only {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file already exists",
            ));
        }
        if meta.file_type().is_symlink() {
            return Err(std::io::Error::other(
                "it is a symbolic link; refusing to write through it",
            ));
        }
    }
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
        for part in parts {
            out.write_all(part)?;
        }
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        if durable {
            file.sync_all()?;
        }
        if create_only {
            // A hard link fails if the name exists, so a racing writer is never replaced.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, path)
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Write a file the user named on the command line (`--svg FILE`). A regular file (or a
/// link to one) is replaced atomically; a device, a FIFO or a socket that is already there
/// (`/dev/stdout`, a named pipe) is written into, never replaced by a regular file; a
/// folder is refused.
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(std::io::Error::other(
            "it is a folder; give the name of a file",
        )),
        Ok(meta) if meta.is_file() => write_atomic(&path.canonicalize()?, bytes, false),
        Ok(_) => {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(bytes)?;
            file.flush()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_atomic(path, bytes, true),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_replace_files_and_write_into_devices() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chart.svg");
        write_output(&file, b"one").unwrap();
        write_output(&file, b"two").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"two");
        let link = dir.path().join("link.svg");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        write_output(&link, b"three").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"three");
        // A device stays a device.
        write_output(Path::new("/dev/null"), b"gone").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
        let err = write_output(dir.path(), b"x").unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[test]
    fn writes_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        write_atomic(&path, b"one", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let err = write_atomic(&path, b"two", true).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        write_atomic(&path, b"two", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
