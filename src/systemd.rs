//! Talking to systemd (`Type=notify`): ready, alive, reloading, stopping, and a status line for
//! `systemctl status`. Without `NOTIFY_SOCKET` (not under systemd, or `qmark run` by hand)
//! every call does nothing.

use sd_notify::NotifyState;

fn send(states: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(states) {
        // The service manager went away or the socket is not ours: nothing to stop for, but a
        // watchdog that never hears from us will restart the daemon, so say why.
        tracing::warn!("cannot notify systemd (NOTIFY_SOCKET): {e}");
    }
}

/// IMAP and the database are up: `systemctl start` returns, and a reload is complete.
pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// The main loop turned: pet the watchdog (`WatchdogSec=`).
pub fn watchdog() {
    send(&[NotifyState::Watchdog]);
}

/// The last pass, in one line, for `systemctl status qmark`.
pub fn status(line: &str) {
    send(&[NotifyState::Status(line)]);
}

/// A SIGHUP is being handled; `ready` follows when it is done. systemd wants the monotonic
/// time with it to tell this reload from an older one.
pub fn reloading() {
    match NotifyState::monotonic_usec_now() {
        Ok(t) => send(&[NotifyState::Reloading, t]),
        Err(_) => send(&[NotifyState::Reloading]),
    }
}

pub fn stopping() {
    send(&[NotifyState::Stopping]);
}
