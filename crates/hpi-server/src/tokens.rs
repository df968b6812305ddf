//! API tokens: random, shown once, kept only as their SHA-256 in the data
//! directory's `server.sqlite`, so that a copied data directory gives no
//! one access.

use crate::error::ServerError;
use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read and change.
    Full,
    /// Read only: anything else is refused with 403.
    ReadOnly,
}

/// The data directory's token store.
pub struct Tokens {
    conn: Connection,
}

impl Tokens {
    /// The store in `data_dir` (created with the directory if need be).
    pub fn open(data_dir: &Path) -> Result<Tokens, ServerError> {
        Ok(Tokens { conn: crate::store::open(data_dir)? })
    }

    /// A new token named `name`; returns the token itself, which is not kept.
    pub fn create(&self, name: &str, access: Access) -> Result<String, ServerError> {
        let token = format!("hpi_{}", random_hex(32));
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO tokens (name, sha256, read_only) VALUES (?1, ?2, ?3)",
            params![name, digest(&token), access == Access::ReadOnly],
        )?;
        if added == 0 {
            return Err(ServerError::TokenExists(name.to_owned()));
        }
        Ok(token)
    }

    /// What `token` may do, if the store knows it.
    pub fn access(&self, token: &str) -> rusqlite::Result<Option<Access>> {
        self.conn
            .query_row("SELECT read_only FROM tokens WHERE sha256 = ?1", params![digest(token)], |r| {
                r.get::<_, bool>(0)
            })
            .optional()
            .map(|found| found.map(|read_only| if read_only { Access::ReadOnly } else { Access::Full }))
    }

    /// How many tokens there are.
    pub fn count(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
    }
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// `bytes` random bytes from the operating system, in hex: tokens, request ids, scratch folders.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut random = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut random);
    random.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_known_by_its_hash_only() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = Tokens::open(dir.path()).unwrap();
        let full = tokens.create("ci", Access::Full).unwrap();
        let read = tokens.create("dashboard", Access::ReadOnly).unwrap();
        assert_eq!(tokens.access(&full).unwrap(), Some(Access::Full));
        assert_eq!(tokens.access(&read).unwrap(), Some(Access::ReadOnly));
        assert_eq!(tokens.access("hpi_not-a-token").unwrap(), None);
        assert!(tokens.create("ci", Access::Full).is_err(), "names are unique");
        let file = std::fs::read(dir.path().join("server.sqlite")).unwrap();
        let held = |t: &str| file.windows(t.len()).any(|w| w == t.as_bytes());
        assert!(!held(&full) && !held(&read), "the tokens themselves are not stored");
    }
}
