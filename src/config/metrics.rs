//! `[metrics]` in qmark.toml: where the status server listens. Loopback unless the operator
//! says otherwise in so many words: the metrics name routes and counts (not customers), but a
//! health endpoint on every interface is still more than most installations mean to publish.

use std::net::SocketAddr;

use serde::Deserialize;

use crate::config::{ConfigError, invalid};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMetrics {
    listen: Option<String>,
    #[serde(default)]
    allow_remote: bool,
}

/// Where `/metrics`, `/livez` and `/readyz` are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metrics {
    pub listen: SocketAddr,
}

/// No `[metrics]` table, or one without `listen`: off.
pub(crate) fn validate(raw: Option<RawMetrics>) -> Result<Option<Metrics>, ConfigError> {
    let Some(RawMetrics {
        listen: Some(text),
        allow_remote,
    }) = raw
    else {
        return Ok(None);
    };
    let listen: SocketAddr = text.trim().parse().map_err(|_| {
        invalid(
            "metrics.listen",
            format!(
                "{text:?} is not an address and port such as \"127.0.0.1:9464\" or \"[::1]:9464\""
            ),
        )
    })?;
    if !listen.ip().is_loopback() && !allow_remote {
        return Err(invalid(
            "metrics.listen",
            format!(
                "{listen} is reachable from other machines; use 127.0.0.1 (scrape through a reverse proxy or an SSH tunnel), or set metrics.allow_remote = true if you mean it"
            ),
        ));
    }
    Ok(Some(Metrics { listen }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(listen: Option<&str>, allow_remote: bool) -> Option<RawMetrics> {
        Some(RawMetrics {
            listen: listen.map(str::to_string),
            allow_remote,
        })
    }

    #[test]
    fn off_unless_listen_is_set() {
        assert_eq!(validate(None).expect("valid"), None);
        assert_eq!(validate(raw(None, false)).expect("valid"), None);
    }

    #[test]
    fn loopback_is_accepted_v4_and_v6() {
        for a in ["127.0.0.1:9464", "[::1]:9464", "127.0.0.2:0"] {
            let m = validate(raw(Some(a), false)).expect("loopback is fine");
            assert_eq!(m.map(|m| m.listen), a.parse().ok());
        }
    }

    #[test]
    fn other_interfaces_need_allow_remote() {
        for a in ["0.0.0.0:9464", "[::]:9464", "192.0.2.7:9464"] {
            let e = validate(raw(Some(a), false)).expect_err("refused");
            let text = e.to_string();
            assert!(
                text.contains("metrics.listen") && text.contains("allow_remote"),
                "{text}"
            );
            assert!(validate(raw(Some(a), true)).expect("allowed").is_some());
        }
    }

    #[test]
    fn a_bad_address_names_the_key_and_an_example() {
        let e = validate(raw(Some("localhost:9464"), false)).expect_err("not an address");
        assert!(e.to_string().contains("127.0.0.1:9464"), "{e}");
    }
}
