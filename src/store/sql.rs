//! SQL whose number of values is known only at run time (multi-row INSERTs), with `$N`
//! placeholders, which both databases read. sqlx's `QueryBuilder` writes `?` for the `Any`
//! driver, which PostgreSQL refuses.

use std::fmt::Write as _;

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments as _, Encode, Type};

#[derive(Default)]
pub struct Sql {
    text: String,
    args: AnyArguments,
    /// The first value that could not be encoded, reported when the statement runs.
    error: Option<sqlx::error::BoxDynError>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            ..Sql::default()
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// A placeholder for `value`.
    pub fn bind<'t, T: Encode<'t, Any> + Type<Any> + 't>(&mut self, value: T) -> &mut Sql {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
        let _ = write!(self.text, "${}", self.args.len());
        self
    }

    /// `VALUES (…), (…)`: one parenthesised row per item, `row` binding its values.
    pub fn values<I: IntoIterator>(
        &mut self,
        items: I,
        mut row: impl FnMut(&mut Row<'_>, I::Item),
    ) {
        self.text.push_str("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            self.text.push_str(if i == 0 { "(" } else { ", (" });
            row(
                &mut Row {
                    sql: self,
                    first: true,
                },
                item,
            );
            self.text.push(')');
        }
    }

    /// The statement, or the first value that could not be encoded.
    pub fn query(self) -> anyhow::Result<sqlx::query::Query<'static, Any, AnyArguments>> {
        match self.error {
            Some(e) => Err(anyhow::anyhow!(e).context("encoding a value for the database")),
            None => Ok(sqlx::query_with(sqlx::AssertSqlSafe(self.text), self.args)),
        }
    }
}

/// One row of `Sql::values`: its values, comma-separated.
pub struct Row<'a> {
    sql: &'a mut Sql,
    first: bool,
}

impl Row<'_> {
    pub fn bind<'t, T: Encode<'t, Any> + Type<Any> + 't>(&mut self, value: T) -> &mut Self {
        if !self.first {
            self.sql.text.push_str(", ");
        }
        self.first = false;
        self.sql.bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_rows() {
        let mut q = Sql::new("INSERT INTO t (a, b) ");
        q.values([(1_i64, "x"), (2, "y")], |row, (a, b)| {
            row.bind(a).bind(b);
        });
        q.push(" ON CONFLICT DO NOTHING");
        assert_eq!(
            q.text,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(q.args.len(), 4);
    }
}
