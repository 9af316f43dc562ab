//! Signed-in sessions. The cookie carries a random token; the table keeps only its SHA-256, so
//! a copy of the database opens no session.

use super::{audit, new_token, now_ms, token_hash, Actor, Store, StoreError, User, UserId};

/// How long a session lasts: 30 days.
pub const SESSION_TTL_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// A session just started: the token goes into the cookie, nowhere else.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The secret token.
    pub token: String,
    /// When it expires (Unix ms).
    pub expires_at: i64,
}

impl Store {
    /// Starts a session for `actor`'s user; `previous` (the token the browser still had) ends in
    /// the same transaction, so signing in rotates the session.
    pub async fn start_session(
        &self,
        actor: &Actor,
        previous: Option<&str>,
    ) -> Result<NewSession, StoreError> {
        let user = actor.signed_in()?;
        let now = now_ms();
        let session = NewSession {
            token: new_token(),
            expires_at: now + SESSION_TTL_MS,
        };
        let mut tx = self.pool.begin().await?;
        // Expired sessions of this user go now; nothing else would remove them.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2")
            .bind(&user.0)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if let Some(previous) = previous {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(previous))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash(&session.token))
        .bind(&user.0)
        .bind(now)
        .bind(session.expires_at)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "session.signin",
            None,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The user whose unexpired session has `token`.
    pub async fn session_user(&self, token: &str) -> Result<Option<User>, StoreError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.email, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, email, created_at)| User {
            id: UserId(id),
            email,
            created_at,
        }))
    }

    /// Ends the session with `token`; whether there was one.
    pub async fn end_session(&self, actor: &Actor, token: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let ended: Option<(String,)> =
            sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
                .bind(token_hash(token))
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((user,)) = &ended {
            let actor = Actor::user(UserId(user.clone()), actor.correlation_id.clone());
            audit::record(
                &mut tx,
                &actor,
                "session.signout",
                None,
                serde_json::json!({}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ended.is_some())
    }

    /// How many sessions `user` has (tests check that signing in rotates rather than adds).
    pub async fn session_count(&self, user: &UserId) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(&user.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
