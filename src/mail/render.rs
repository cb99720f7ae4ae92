//! Mail and digest templates: handlebars in strict mode, defaults compiled in, each overridable
//! by a file of the same name in the configured templates directory.

use std::path::Path;

use anyhow::{Context, Result};
use handlebars::Handlebars;
use serde::Serialize;

/// At most this many lines of any one list of cases in mail people read (the digest, a
/// catch-up mail). A digest of every open case is unreadable past a few dozen, and heavy: at
/// 10,000 open cases it was megabytes, which Gmail clips at 102 KB and phones choke on. The
/// counts stay complete, and each list says how many it leaves out and the command that lists
/// them all.
pub const LIST_MAX: usize = 25;

/// (name, default source). Text templates are rendered without HTML escaping.
const TEXT: &[(&str, &str)] = &[
    (
        "forward.txt",
        include_str!("../../templates/forward.txt.hbs"),
    ),
    (
        "follow_up.txt",
        include_str!("../../templates/follow_up.txt.hbs"),
    ),
    (
        "escalation.txt",
        include_str!("../../templates/escalation.txt.hbs"),
    ),
    (
        "reminder.txt",
        include_str!("../../templates/reminder.txt.hbs"),
    ),
    (
        "catch_up.txt",
        include_str!("../../templates/catch_up.txt.hbs"),
    ),
    (
        "digest_reply.txt",
        include_str!("../../templates/digest_reply.txt.hbs"),
    ),
    (
        "customer_update.en.txt",
        include_str!("../../templates/customer_update.en.txt.hbs"),
    ),
    (
        "customer_update.ko.txt",
        include_str!("../../templates/customer_update.ko.txt.hbs"),
    ),
    (
        "customer_update.ja.txt",
        include_str!("../../templates/customer_update.ja.txt.hbs"),
    ),
    (
        "customer_update.zh.txt",
        include_str!("../../templates/customer_update.zh.txt.hbs"),
    ),
    (
        "answer_copy.txt",
        include_str!("../../templates/answer_copy.txt.hbs"),
    ),
    ("digest.txt", include_str!("../../templates/digest.txt.hbs")),
    ("ack.en.txt", include_str!("../../templates/ack.en.txt.hbs")),
    ("ack.ko.txt", include_str!("../../templates/ack.ko.txt.hbs")),
    ("ack.ja.txt", include_str!("../../templates/ack.ja.txt.hbs")),
    ("ack.zh.txt", include_str!("../../templates/ack.zh.txt.hbs")),
    (
        "command_error.txt",
        include_str!("../../templates/command_error.txt.hbs"),
    ),
    (
        "reroute.txt",
        include_str!("../../templates/reroute.txt.hbs"),
    ),
    ("notice.txt", include_str!("../../templates/notice.txt.hbs")),
    (
        "refused_reply.txt",
        include_str!("../../templates/refused_reply.txt.hbs"),
    ),
    (
        "backfill_summary.txt",
        include_str!("../../templates/backfill_summary.txt.hbs"),
    ),
];
const HTML: &[(&str, &str)] = &[(
    "digest.html",
    include_str!("../../templates/digest.html.hbs"),
)];

pub struct Templates {
    text: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl Templates {
    /// The compiled-in templates, with any `<name>.hbs` in `dir` taking their place.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        // A mistyped folder would otherwise mean the operator's templates are silently never
        // used: every file falls back to the built-in one.
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            anyhow::bail!(
                "templates.dir {} is not a folder; fix the path or remove the key to use the \
                 built-in templates",
                dir.display()
            );
        }
        let mut text = Handlebars::new();
        text.set_strict_mode(true);
        text.register_escape_fn(handlebars::no_escape);
        let mut html = Handlebars::new();
        html.set_strict_mode(true);
        for (registry, set) in [(&mut text, TEXT), (&mut html, HTML)] {
            for (name, default) in set {
                let source = match dir.map(|d| d.join(format!("{name}.hbs"))) {
                    Some(path) if path.exists() => std::fs::read_to_string(&path)
                        .with_context(|| format!("reading template {}", path.display()))?,
                    _ => (*default).to_string(),
                };
                registry
                    .register_template_string(name, source)
                    .with_context(|| format!("template {name}.hbs does not compile"))?;
            }
        }
        // Acknowledgments in more languages are just more files: ack.<lang>.txt.hbs.
        if let Some(dir) = dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for entry in entries.flatten() {
                let file = entry.file_name().to_string_lossy().to_string();
                if let Some(name) = file.strip_suffix(".hbs")
                    && name.starts_with("ack.")
                    && name.ends_with(".txt")
                    && !text.has_template(name)
                {
                    let source = std::fs::read_to_string(entry.path())
                        .with_context(|| format!("reading template {file}"))?;
                    text.register_template_string(name, source)
                        .with_context(|| format!("template {file} does not compile"))?;
                }
            }
        }
        Ok(Templates { text, html })
    }

    pub fn has_text(&self, name: &str) -> bool {
        self.text.has_template(name)
    }

    pub fn text(&self, name: &str, data: &impl Serialize) -> Result<String> {
        self.text
            .render(name, data)
            .with_context(|| format!("rendering template {name}.hbs"))
    }

    pub fn html(&self, name: &str, data: &impl Serialize) -> Result<String> {
        self.html
            .render(name, data)
            .with_context(|| format!("rendering template {name}.hbs"))
    }

    /// The plain-text and HTML forms of one mail (`<name>.txt` and `<name>.html`) from the same
    /// data, turned into template data once: a digest's data holds thousands of cases.
    pub fn text_and_html(&self, name: &str, data: &impl Serialize) -> Result<(String, String)> {
        let context = handlebars::Context::wraps(data)
            .with_context(|| format!("preparing the data of template {name}"))?;
        let text = self
            .text
            .render_with_context(&format!("{name}.txt"), &context)
            .with_context(|| format!("rendering template {name}.txt.hbs"))?;
        let html = self
            .html
            .render_with_context(&format!("{name}.html"), &context)
            .with_context(|| format!("rendering template {name}.html.hbs"))?;
        Ok((text, html))
    }
}

/// A duration as people say it, in words: "3 hours 20 minutes", "2 days 4 hours", "less than
/// a minute" (never "0s"; see `when::span`).
pub fn human_duration(d: chrono::Duration) -> String {
    crate::mail::when::span(d, crate::mail::when::Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_templates_folder_that_does_not_exist_is_refused() {
        let err = Templates::load(Some(Path::new("/nonexistent/qmark-templates")))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("templates.dir") && err.contains("not a folder"),
            "{err}"
        );
        assert!(Templates::load(None).is_ok());
    }

    #[test]
    fn defaults_compile_and_strict_mode_catches_typos() {
        let t = Templates::load(None).expect("embedded templates compile");
        #[derive(Serialize)]
        struct Nothing {}
        assert!(
            t.text("answer_copy.txt", &Nothing {}).is_err(),
            "missing fields are errors"
        );
    }

    #[test]
    fn a_directory_overrides_one_template() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("answer_copy.txt.hbs"),
            "answered #{{case_id}}",
        )
        .expect("write");
        let t = Templates::load(Some(dir.path())).expect("loads");
        #[derive(Serialize)]
        struct V {
            case_id: i64,
        }
        assert_eq!(
            t.text("answer_copy.txt", &V { case_id: 4 })
                .expect("renders"),
            "answered #4"
        );
    }

    #[test]
    fn durations_read_like_speech() {
        assert_eq!(
            human_duration(chrono::Duration::seconds(45)),
            "less than a minute"
        );
        assert_eq!(
            human_duration(chrono::Duration::minutes(200)),
            "3 hours 20 minutes"
        );
        assert_eq!(
            human_duration(chrono::Duration::hours(52)),
            "2 days 4 hours"
        );
        assert_eq!(
            human_duration(chrono::Duration::hours(-1)),
            "less than a minute"
        );
    }
}
