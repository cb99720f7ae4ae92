//! Size limits with nothing lost (issue 11, finding 6): a complaint too large to attach to its
//! forward still reaches its owner, as text and a list of its attachments, and the original
//! stays in the database, byte for byte.

use qmark::runner::run_once;

use crate::support::*;

/// A complaint of about `size` bytes: a few lines of text and one base64 attachment.
pub fn large_complaint(from: &str, to: &str, size: usize) -> Vec<u8> {
    let line =
        "JVBERi0xLjcKJcK1wrYKMSAwIG9iago8PC9UeXBlL0NhdGFsb2cvUGFnZXMgMiAwIFI+PgplbmRvYmoK\r\n";
    let attachment = line.repeat(size / line.len() + 1);
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Refund for a double charge, scan attached\r\n\
         Message-ID: <{:016x}@client.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"scan\"\r\n\r\n\
         --scan\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         I was charged twice for order 4471. The bank statement is attached; please refund.\r\n\
         --scan\r\nContent-Type: application/pdf; name=\"bank-statement.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"bank-statement.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{attachment}--scan--\r\n",
        rand::random::<u64>()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_12_mb_complaint_reaches_its_owner_without_the_original_which_cases_show_raw_gives_back()
{
    let w = World::new();
    let raw = large_complaint(&w.customer(), &w.addr("ceo"), 12_000_000);
    assert!(raw.len() > 12_000_000);
    // Over the private Postfix's message_size_limit (10,240,000 bytes), so it comes in the way
    // a company's MX that accepts larger mail would hand it over; the forward still goes out
    // through that Postfix, which would refuse it (552) if it were too large.
    append_to_inbox(&w.addr("ceo"), std::slice::from_ref(&raw)).await;

    let app = w.app().await;
    let outcome = run_once(&app, now()).await.expect("run once");
    assert_eq!(outcome.process.new_cases, 1);
    assert_eq!(
        (outcome.send.sent, outcome.send.failed),
        (1, 0),
        "the forward is accepted by Postfix"
    );
    let forward = w.wait_for("billing", 1).await.remove(0);
    let limit = qmark::config::DEFAULT_FORWARD_MAX_BYTES;
    assert!(
        forward.len() < limit,
        "the forward as received ({} bytes) is under limits.forward_max_bytes ({limit})",
        forward.len()
    );
    let f = parsed(&forward);
    assert!(
        f.attachments
            .iter()
            .all(|a| a.content_type != "message/rfc822"),
        "no message/rfc822 part: {:?}",
        f.attachments
    );
    assert_eq!(f.text.lines().next(), Some("?"));
    assert!(f.text.contains("charged twice"), "{}", f.text);
    assert!(
        f.text
            .contains("- bank-statement.pdf (application/pdf, 8.8 MB)"),
        "the attachment is named with its size: {}",
        f.text
    );
    assert!(
        f.text.contains("qmark cases show 1 --raw"),
        "the forward says how to get the original: {}",
        f.text
    );
    assert!(
        !f.text.contains("attached as original.eml"),
        "the forward does not claim the original is attached: {}",
        f.text
    );

    let config = w.config_path.to_str().expect("utf8");
    let out = std::process::Command::new(qmark_bin())
        .args(["cases", "--config", config, "show", "1", "--raw"])
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .output()
        .expect("qmark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout == raw,
        "`cases show 1 --raw` gives back the exact bytes ({} of {})",
        out.stdout.len(),
        raw.len()
    );

    let out = std::process::Command::new(qmark_bin())
        .args(["cases", "--config", config, "show", "99", "--raw"])
        .env("QMARK_TEST_IMAP_PASSWORD", PASSWORD)
        .output()
        .expect("qmark runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "an unknown case fails");
    assert!(out.stdout.is_empty());
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains("no case 99"), "{err}");
}
