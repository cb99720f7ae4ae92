//! Opening the app: templates, database, the clock fingerprint, the reply secret and the model.

use anyhow::Result;

use super::App;
use crate::config::Config;
use crate::mail::render::Templates;
use crate::store::Store;

impl App {
    pub async fn open(config: Config) -> Result<App> {
        let templates = Templates::load(config.templates_dir.as_deref())?;
        let store = Store::open(&config.database_url).await?;
        crate::case::escalate::check_clock_config(&store, &config).await?;
        let secret = match &config.secret {
            Some(source) => source
                .resolve("security.secret")?
                .expose()
                .as_bytes()
                .to_vec(),
            None => {
                let fresh: [u8; 32] = rand::random();
                store
                    .setting_default("reply_secret", &hex::encode(fresh))
                    .await?
                    .into_bytes()
            }
        };
        let (model, seq) =
            crate::routing::training::load(&store, &config, crate::clock::Clock::System.now())
                .await?;
        let tokens = crate::oauth::Tokens::new(store.clone(), &config);
        Ok(App {
            tokens,
            health: std::sync::Arc::default(),
            config: std::sync::Arc::new(config),
            store,
            templates,
            secret,
            model: std::sync::RwLock::new(std::sync::Arc::new(model)),
            model_seq: std::sync::RwLock::new(seq),
        })
    }
}
