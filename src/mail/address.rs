//! Mail addresses as validated values: compared case-insensitively, safe to put in a header.

use std::fmt;

use serde::Serialize;

/// A bare `local@domain` address, stored lower-cased so comparisons are simple.
///
/// Validation is deliberately strict (no spaces, no control characters, no angle brackets, no
/// quotes): an `Address` is always safe to write into a header as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Address(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("not an address of the form local@domain")]
    Shape,
    #[error("contains a character not allowed in an address")]
    Character,
    #[error("longer than 254 characters")]
    TooLong,
}

impl Address {
    pub fn parse(s: &str) -> Result<Address, AddressError> {
        let s = s.trim();
        if s.len() > 254 {
            return Err(AddressError::TooLong);
        }
        if s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '<' | '>' | '"' | '(' | ')' | ',' | ';' | ':' | '\\' | '[' | ']'
                )
        }) {
            return Err(AddressError::Character);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(AddressError::Shape)?;
        if local.is_empty()
            || domain.is_empty()
            || local.contains('@')
            || !domain.contains('.') && domain != "localhost"
        {
            return Err(AddressError::Shape);
        }
        if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
            return Err(AddressError::Shape);
        }
        Ok(Address(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local(&self) -> &str {
        self.0.rsplit_once('@').map(|(l, _)| l).unwrap_or("")
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }

    /// The same mailbox with a `+tag` sub-address: `ceo@x` → `ceo+tag@x`.
    pub fn with_tag(&self, tag: &str) -> Address {
        let base = self.local().split('+').next().unwrap_or("");
        Address(format!("{base}+{tag}@{}", self.domain()))
    }

    /// The `+tag` part of the local part, if any.
    pub fn tag(&self) -> Option<&str> {
        self.local().split_once('+').map(|(_, t)| t)
    }

    /// The address without its `+tag`, to compare mailboxes.
    pub fn without_tag(&self) -> Address {
        let base = self.local().split('+').next().unwrap_or("");
        Address(format!("{base}@{}", self.domain()))
    }
}

/// For a stored address read back (`#[sqlx(try_from = "String")]`): a row that no longer
/// parses is an error naming why, not a string compared later.
impl TryFrom<String> for Address {
    type Error = AddressError;
    fn try_from(s: String) -> Result<Address, AddressError> {
        Address::parse(&s)
    }
}

impl PartialEq<str> for Address {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Address {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Address {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An address with an optional display name, as in `From: Name <addr>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedAddress {
    pub name: Option<String>,
    pub address: Address,
}

impl NamedAddress {
    /// Parses `Name <addr>`, `"Name" <addr>` or a bare `addr` (from config, not from mail).
    pub fn parse(s: &str) -> Result<NamedAddress, AddressError> {
        let s = s.trim();
        if let Some(open) = s.rfind('<') {
            let close = s.rfind('>').ok_or(AddressError::Shape)?;
            if close < open {
                return Err(AddressError::Shape);
            }
            let addr = Address::parse(s.get(open + 1..close).ok_or(AddressError::Shape)?)?;
            let name = s
                .get(..open)
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .trim()
                .to_string();
            if name.chars().any(|c| c.is_control()) {
                return Err(AddressError::Character);
            }
            Ok(NamedAddress {
                name: (!name.is_empty()).then_some(name),
                address: addr,
            })
        } else {
            Ok(NamedAddress {
                name: None,
                address: Address::parse(s)?,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_lowercased_and_checked() {
        assert_eq!(
            Address::parse(" Billing@Shop.Example ").unwrap().as_str(),
            "billing@shop.example"
        );
        assert_eq!(Address::parse("billing"), Err(AddressError::Shape));
        assert_eq!(
            Address::parse("a b@x.example"),
            Err(AddressError::Character)
        );
        assert_eq!(
            Address::parse("a@x.example\r\nBcc: v@evil"),
            Err(AddressError::Character)
        );
        assert_eq!(
            Address::parse("a<b@x.example"),
            Err(AddressError::Character)
        );
    }

    #[test]
    fn plus_tags() {
        let a = Address::parse("ceo@shop.example").unwrap();
        let t = a.with_tag("c1.abc");
        assert_eq!(t.as_str(), "ceo+c1.abc@shop.example");
        assert_eq!(t.tag(), Some("c1.abc"));
        assert_eq!(t.without_tag(), a);
        assert_eq!(a.tag(), None);
    }

    #[test]
    fn named_addresses() {
        let n = NamedAddress::parse("\"Daybreak, CEO\" <ceo@shop.example>").unwrap();
        assert_eq!(n.name.as_deref(), Some("Daybreak, CEO"));
        assert_eq!(n.address.as_str(), "ceo@shop.example");
        assert!(NamedAddress::parse("x <nope>").is_err());
    }
}
