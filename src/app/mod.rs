//! What every part of the shell shares: the validated config, the database, the templates.
//! Opening one (`open`) checks the clock and loads the model, so it lives apart: the app itself
//! depends on nothing that depends on it.

mod open;

use crate::config::Config;
use crate::mail::render::Templates;
use crate::store::Store;

pub struct App {
    /// Shared with the thread that prepares messages for processing (`pipeline`).
    pub config: std::sync::Arc<Config>,
    pub store: Store,
    pub templates: Templates,
    /// Signs reply tokens. From config, or generated once and kept in the database.
    pub secret: Vec<u8>,
    /// The learned router, and the last label it learned.
    /// Replaced whole when it learns, so a pass can keep the one it started with.
    pub model: std::sync::RwLock<std::sync::Arc<crate::routing::model::Model>>,
    pub model_seq: std::sync::RwLock<i64>,
    /// Bearer tokens for `auth = "oauth2"` connections.
    pub tokens: crate::oauth::Tokens,
    /// What the loop, the watcher and the sender last saw (issue 14): read by `/livez`,
    /// `/readyz`, the watchdog and the metrics; carried over when the config is reloaded.
    pub health: std::sync::Arc<crate::health::Health>,
}

impl App {
    /// The domain our Message-IDs are made in: the public address's.
    pub fn id_domain(&self) -> &str {
        self.config.inbox.address.domain()
    }

    /// A copy of the current model, for one classification pass.
    pub fn model(&self) -> std::sync::Arc<crate::routing::model::Model> {
        self.model.read().map(|m| m.clone()).unwrap_or_default()
    }

    /// The reply token for mail about `case_id` to `recipient`.
    pub fn token(&self, case_id: i64, recipient: &crate::mail::address::Address) -> String {
        crate::case::thread::token(&self.secret, case_id, recipient)
    }

    /// The digest token of `recipient` (digest, reports, catch-up mail).
    pub fn digest_token(&self, recipient: &crate::mail::address::Address) -> String {
        crate::case::thread::digest_token(&self.secret, recipient)
    }

    /// The address replies to mail for `recipient` about `case_id` come back to.
    pub fn reply_address(
        &self,
        case_id: i64,
        recipient: &crate::mail::address::Address,
    ) -> crate::mail::address::Address {
        self.config
            .inbox
            .address
            .with_tag(&self.token(case_id, recipient))
    }
}

/// An unguessable case token for reply addresses: 16 characters of [a-z0-9] (~82 bits).
pub fn new_token() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..16)
        .map(|_| {
            let i = rand::random_range(0..ALPHABET.len());
            char::from(ALPHABET.get(i).copied().unwrap_or(b'a'))
        })
        .collect()
}
