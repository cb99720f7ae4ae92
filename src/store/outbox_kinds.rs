//! What an outbox row is for and where it stands, as typed values: the stored words are
//! decoded here, once, and an unknown word is an error naming it.

use serde::Serialize;

/// What a mail is for. The string forms are what the outbox and `cases show --json` hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Forward,
    FollowUp,
    Ack,
    AnswerCopy,
    CustomerReply,
    CommandError,
    Reminder,
    Escalation,
    CatchUp,
    CustomerUpdate,
    Notice,
    Digest,
    Report,
    CommandResult,
    /// `qmark backfill`: one mail per owner listing the old complaints that are now theirs.
    BackfillSummary,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Forward => "forward",
            Purpose::FollowUp => "follow_up",
            Purpose::Ack => "ack",
            Purpose::AnswerCopy => "answer_copy",
            Purpose::CustomerReply => "customer_reply",
            Purpose::CommandError => "command_error",
            Purpose::Reminder => "reminder",
            Purpose::Escalation => "escalation",
            Purpose::CatchUp => "catch_up",
            Purpose::CustomerUpdate => "customer_update",
            Purpose::Notice => "notice",
            Purpose::Digest => "digest",
            Purpose::Report => "report",
            Purpose::CommandResult => "command_result",
            Purpose::BackfillSummary => "backfill_summary",
        }
    }

    pub fn parse(word: &str) -> Option<Purpose> {
        Some(match word {
            "forward" => Purpose::Forward,
            "follow_up" => Purpose::FollowUp,
            "ack" => Purpose::Ack,
            "answer_copy" => Purpose::AnswerCopy,
            "customer_reply" => Purpose::CustomerReply,
            "command_error" => Purpose::CommandError,
            "reminder" => Purpose::Reminder,
            "escalation" => Purpose::Escalation,
            "catch_up" => Purpose::CatchUp,
            "customer_update" => Purpose::CustomerUpdate,
            "notice" => Purpose::Notice,
            "digest" => Purpose::Digest,
            "report" => Purpose::Report,
            "command_result" => Purpose::CommandResult,
            "backfill_summary" => Purpose::BackfillSummary,
            _ => return None,
        })
    }
}

impl TryFrom<String> for Purpose {
    type Error = String;

    fn try_from(word: String) -> Result<Self, String> {
        Purpose::parse(&word)
            .ok_or_else(|| format!("outbox purpose {word:?} is not one qmark knows"))
    }
}

impl std::fmt::Display for Purpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an outbox row stands: waiting to go (perhaps held or in flight), sent, or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Failed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }
}

impl TryFrom<String> for OutboxStatus {
    type Error = String;

    fn try_from(word: String) -> Result<Self, String> {
        match word.as_str() {
            "pending" => Ok(OutboxStatus::Pending),
            "sent" => Ok(OutboxStatus::Sent),
            "failed" => Ok(OutboxStatus::Failed),
            _ => Err(format!("outbox status {word:?} is not one qmark knows")),
        }
    }
}

impl std::fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_reads_back_as_itself_and_serialises_as_stored() {
        let all = [
            Purpose::Forward,
            Purpose::FollowUp,
            Purpose::Ack,
            Purpose::AnswerCopy,
            Purpose::CustomerReply,
            Purpose::CommandError,
            Purpose::Reminder,
            Purpose::Escalation,
            Purpose::CatchUp,
            Purpose::CustomerUpdate,
            Purpose::Notice,
            Purpose::Digest,
            Purpose::Report,
            Purpose::CommandResult,
            Purpose::BackfillSummary,
        ];
        for p in all {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).expect("json"),
                format!("\"{}\"", p.as_str())
            );
        }
        assert!(Purpose::try_from("webhook?".to_string()).is_err());
        assert!(OutboxStatus::try_from("sending".to_string()).is_err());
    }
}
