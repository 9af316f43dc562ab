//! Accounts: an email address and an argon2 password hash (made by `crate::auth::password`).

use serde::Serialize;

use super::{audit, new_id, now_ms, Actor, Store, StoreError, UserId};

/// An account, as anyone may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The account's id.
    pub id: UserId,
    /// Its email address (lower-case).
    pub email: String,
    /// When it was created (Unix ms).
    pub created_at: i64,
}

/// An account with its password hash, for signing in.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    /// The account.
    pub user: User,
    /// The argon2 PHC string.
    pub password_hash: String,
}

impl Store {
    /// Creates an account. A taken email is [`StoreError::Conflict`].
    pub async fn create_user(
        &self,
        actor: &Actor,
        email: &str,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let user = User {
            id: UserId(new_id()),
            email: email.to_owned(),
            created_at: now_ms(),
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&user.id.0)
        .bind(&user.email)
        .bind(password_hash)
        .bind(user.created_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::on_unique(e, "an account with this email exists"))?;
        let actor = Actor::user(user.id.clone(), actor.correlation_id.clone());
        audit::record(&mut tx, &actor, "user.signup", None, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// The account with `email` and its password hash.
    pub async fn user_credentials(
        &self,
        email: &str,
    ) -> Result<Option<UserCredentials>, StoreError> {
        let row: Option<(String, String, i64, String)> = sqlx::query_as(
            "SELECT id, email, created_at, password_hash FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(
            row.map(|(id, email, created_at, password_hash)| UserCredentials {
                user: User {
                    id: UserId(id),
                    email,
                    created_at,
                },
                password_hash,
            }),
        )
    }

    /// The account with `email`, if any.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        Ok(self.user_credentials(email).await?.map(|c| c.user))
    }
}
