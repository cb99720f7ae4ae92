//! A case's priority: what routing decides, commands and the digest change, deadlines follow.
//! A leaf, so every room can name it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    #[default]
    Normal,
    Urgent,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Urgent => "urgent",
        }
    }

    /// The word as the database and commands write it; `None` for anything else.
    pub fn parse(word: &str) -> Option<Priority> {
        match word {
            "normal" => Some(Priority::Normal),
            "urgent" => Some(Priority::Urgent),
            _ => None,
        }
    }

    /// Urgent when there is any reason for it.
    pub fn from_reasons(reasons: &[String]) -> Priority {
        if reasons.is_empty() {
            Priority::Normal
        } else {
            Priority::Urgent
        }
    }

    pub fn is_urgent(self) -> bool {
        self == Priority::Urgent
    }
}

impl std::fmt::Display for Priority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
