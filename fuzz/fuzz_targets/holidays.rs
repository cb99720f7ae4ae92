//! An operator's holidays file (`[calendars.*] holidays_file`), any bytes: reading it must give
//! dates or a one-line reason, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qmark::config::holidays;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Every command exits with a one-line reason on a bad config; this is part of one.
    if let Err(reason) = holidays::parse(text) {
        assert!(!reason.is_empty() && !reason.contains('\n'), "{reason:?}");
    }
});
