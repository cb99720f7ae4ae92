//! TLS client settings shared by the IMAP connection: the web's roots plus an optional private CA.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// Choose ring as rustls's crypto provider, once per process; lettre then uses it too.
pub fn install_provider() {
    // Err means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn client_config(ca_file: Option<&Path>, key: &str) -> Result<Arc<rustls::ClientConfig>> {
    install_provider();
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .with_context(|| format!("{key}: cannot read {}", path.display()))?;
        for cert in certs {
            let cert =
                cert.with_context(|| format!("{key}: {} holds a bad PEM block", path.display()))?;
            roots.add(cert).with_context(|| {
                format!("{key}: {} holds an unusable certificate", path.display())
            })?;
        }
    }
    Ok(Arc::new(
        rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    ))
}
