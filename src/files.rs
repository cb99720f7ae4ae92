//! Reading a file the operator names, with a ceiling: `qmark classify /dev/zero` or a config
//! pointed at a device must fail with one line, not read until memory runs out.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// The largest config or taxonomy file qmark reads. A real one is a few kilobytes.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// The largest message file qmark reads: Exchange Online's own ceiling is 150 MB.
pub const MAX_MAIL_BYTES: u64 = 160 << 20;

/// The whole file, or an `InvalidData` error when it holds more than `max` bytes.
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!(
                "it holds more than {} MiB; qmark reads at most that",
                max >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// The same, as UTF-8 text.
pub fn read_text_capped(path: &Path, max: u64) -> Result<String, Error> {
    String::from_utf8(read_capped(path, max)?)
        .map_err(|_| Error::new(ErrorKind::InvalidData, "it is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_is_refused_at_the_ceiling() {
        let e = read_capped(Path::new("/dev/zero"), 1 << 20).expect_err("endless");
        assert_eq!(e.kind(), ErrorKind::InvalidData);
        assert!(e.to_string().contains("more than 1 MiB"), "{e}");
        let dir = std::env::temp_dir().join(format!("qmark-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let small = dir.join("small.toml");
        std::fs::write(&small, "a = 1\n").expect("write");
        assert_eq!(read_text_capped(&small, 6).expect("fits"), "a = 1\n");
        assert!(read_capped(&small, 5).is_err(), "one byte over is over");
        std::fs::write(&small, [0xff, 0xfe]).expect("write");
        assert!(read_text_capped(&small, 10).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
