//! What every part of the shell shares: the validated config, the database, the templates.

use anyhow::Result;

use crate::config::Config;
use crate::render::Templates;
use crate::store::Store;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub templates: Templates,
}

impl App {
    pub async fn open(config: Config) -> Result<App> {
        let templates = Templates::load(config.templates_dir.as_deref())?;
        let store = Store::open(&config.database_url).await?;
        Ok(App {
            config,
            store,
            templates,
        })
    }

    /// The domain our Message-IDs are made in: the public address's.
    pub fn id_domain(&self) -> &str {
        self.config.inbox.address.domain()
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
