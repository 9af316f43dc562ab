//! Who may do what in a project: members with a role (invited by the email of an existing
//! account) and share links that grant a role to whoever opens them, until revoked.

use serde::Serialize;
use sqlx::AnyConnection;

use super::projects::Project;
use super::{
    audit, new_token, now_ms, token_hash, Actor, ProjectId, Role, Store, StoreError, UserId,
};

/// A project's member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The member's account.
    pub user: UserId,
    /// Its email address.
    pub email: String,
    /// Its role in the project.
    pub role: Role,
    /// Member since (Unix ms).
    pub since: i64,
}

/// A share link just made. The token is shown once, to the owner who made it; the store keeps
/// its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLink {
    /// The secret that joins the project.
    pub token: String,
    /// The link's id: its token's SHA-256 (what the list shows; revoking takes either).
    pub id: String,
    /// The project it joins.
    pub project: ProjectId,
    /// The role it grants (editor or viewer).
    pub role: Role,
    /// When it was made (Unix ms).
    pub created_at: i64,
}

/// A share link in its project's list: never the token, which only its maker saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLinkSummary {
    /// The link's id (its token's SHA-256); `DELETE …/share-links/{id}` revokes it.
    pub id: String,
    /// The role it grants (editor or viewer).
    pub role: Role,
    /// Who made it.
    pub created_by: UserId,
    /// When (Unix ms).
    pub created_at: i64,
}

/// `user`'s role in `project`, on the caller's connection.
async fn role_in(
    conn: &mut AnyConnection,
    user: &UserId,
    project: &ProjectId,
) -> Result<Option<Role>, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT role FROM members WHERE project_id = $1 AND user_id = $2")
            .bind(&project.0)
            .bind(&user.0)
            .fetch_optional(conn)
            .await?;
    row.map(|(role,)| role.parse()).transpose()
}

/// `user`'s role if it is at least `least`: a non-member gets `NotFound` (the project's
/// existence is not revealed), a member with a lesser role `Forbidden`.
pub(crate) async fn require_role(
    conn: &mut AnyConnection,
    user: &UserId,
    project: &ProjectId,
    least: Role,
) -> Result<Role, StoreError> {
    match role_in(conn, user, project).await? {
        None => Err(StoreError::NotFound("project")),
        Some(role) if role < least => Err(StoreError::Forbidden(format!(
            "a project {} may not do this; it takes {}",
            role.as_str(),
            least.as_str()
        ))),
        Some(role) => Ok(role),
    }
}

/// Makes `user` a member of `project` with `role`.
pub(crate) async fn insert_member(
    conn: &mut AnyConnection,
    project: &ProjectId,
    user: &UserId,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO members (project_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&project.0)
    .bind(&user.0)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

async fn update_role(
    conn: &mut AnyConnection,
    project: &ProjectId,
    user: &UserId,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE members SET role = $1 WHERE project_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(&project.0)
        .bind(&user.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Refuses a change that would leave `project` without an owner.
async fn keep_an_owner(
    conn: &mut AnyConnection,
    project: &ProjectId,
    member: &UserId,
) -> Result<(), StoreError> {
    let (others,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM members WHERE project_id = $1 AND role = 'owner' AND user_id <> $2",
    )
    .bind(&project.0)
    .bind(&member.0)
    .fetch_one(conn)
    .await?;
    if others == 0 {
        return Err(StoreError::Conflict(
            "a project keeps at least one owner; make someone else owner first".into(),
        ));
    }
    Ok(())
}

async fn member(
    conn: &mut AnyConnection,
    project: &ProjectId,
    user: &UserId,
) -> Result<Member, StoreError> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.email, m.role, m.created_at FROM members m \
         JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 AND m.user_id = $2",
    )
    .bind(&project.0)
    .bind(&user.0)
    .fetch_optional(conn)
    .await?;
    let (id, email, role, since) = row.ok_or(StoreError::NotFound("member"))?;
    Ok(Member {
        user: UserId(id),
        email,
        role: role.parse()?,
        since,
    })
}

impl Store {
    /// `user`'s role in `project`, or `None` when not a member (or no such project). The rooms
    /// call this on every connection.
    pub async fn role_of(
        &self,
        user: &UserId,
        project: &ProjectId,
    ) -> Result<Option<Role>, StoreError> {
        role_in(&mut *self.pool.acquire().await?, user, project).await
    }

    /// The actor's role in `project` if it is at least `least`: a non-member gets `NotFound`, a
    /// member with a lesser role `Forbidden` (the check every change makes in its transaction,
    /// for handlers that check before costly work).
    pub async fn require_role(
        &self,
        actor: &Actor,
        project: &ProjectId,
        least: Role,
    ) -> Result<Role, StoreError> {
        let user = actor.signed_in()?;
        require_role(&mut *self.pool.acquire().await?, user, project, least).await
    }

    /// The project's members (any member may list them), owners first, then by email.
    pub async fn members(
        &self,
        actor: &Actor,
        project: &ProjectId,
    ) -> Result<Vec<Member>, StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Viewer).await?;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT u.id, u.email, m.role, m.created_at FROM members m \
             JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 ORDER BY u.email",
        )
        .bind(&project.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut members = rows
            .into_iter()
            .map(|(id, email, role, since)| {
                Ok(Member {
                    user: UserId(id),
                    email,
                    role: role.parse()?,
                    since,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        members.sort_by_key(|m| std::cmp::Reverse(m.role));
        Ok(members)
    }

    /// Adds the account with `email` to the project (owners only).
    pub async fn add_member(
        &self,
        actor: &Actor,
        project: &ProjectId,
        email: &str,
        role: Role,
    ) -> Result<Member, StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Owner).await?;
        let invited: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        let invited = UserId(
            invited
                .ok_or(StoreError::NotFound("account with this email"))?
                .0,
        );
        insert_member(&mut tx, project, &invited, role)
            .await
            .map_err(|e| StoreError::on_unique(e, "already a member; change the role instead"))?;
        let added = member(&mut tx, project, &invited).await?;
        audit::record(
            &mut tx,
            actor,
            "member.add",
            Some(project),
            serde_json::json!({ "user": invited, "role": role }),
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Changes a member's role (owners only; the last owner stays owner).
    pub async fn set_member_role(
        &self,
        actor: &Actor,
        project: &ProjectId,
        target: &UserId,
        role: Role,
    ) -> Result<Member, StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Owner).await?;
        let current = member(&mut tx, project, target).await?;
        if current.role == Role::Owner && role != Role::Owner {
            keep_an_owner(&mut tx, project, target).await?;
        }
        update_role(&mut tx, project, target, role).await?;
        audit::record(
            &mut tx,
            actor,
            "member.update",
            Some(project),
            serde_json::json!({ "user": target, "role": role, "was": current.role }),
        )
        .await?;
        tx.commit().await?;
        Ok(Member { role, ..current })
    }

    /// Removes a member: owners remove anyone, members themselves; the last owner stays.
    pub async fn remove_member(
        &self,
        actor: &Actor,
        project: &ProjectId,
        target: &UserId,
    ) -> Result<(), StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        let least = if user == target {
            Role::Viewer
        } else {
            Role::Owner
        };
        require_role(&mut tx, user, project, least).await?;
        let current = member(&mut tx, project, target).await?;
        if current.role == Role::Owner {
            keep_an_owner(&mut tx, project, target).await?;
        }
        sqlx::query("DELETE FROM members WHERE project_id = $1 AND user_id = $2")
            .bind(&project.0)
            .bind(&target.0)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            "member.remove",
            Some(project),
            serde_json::json!({ "user": target, "role": current.role }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes a share link granting `role` (editor or viewer; owners only).
    pub async fn create_share_link(
        &self,
        actor: &Actor,
        project: &ProjectId,
        role: Role,
    ) -> Result<ShareLink, StoreError> {
        let user = actor.signed_in()?;
        if role == Role::Owner {
            return Err(StoreError::Validation(
                "a share link grants editor or viewer".into(),
            ));
        }
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Owner).await?;
        let token = new_token();
        let link = ShareLink {
            id: token_hash(&token),
            token,
            project: project.clone(),
            role,
            created_at: now_ms(),
        };
        sqlx::query(
            "INSERT INTO share_links (token_hash, project_id, role, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&link.token))
        .bind(&project.0)
        .bind(role.as_str())
        .bind(&user.0)
        .bind(link.created_at)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "share_link.create",
            Some(project),
            serde_json::json!({ "role": role, "link": &token_hash(&link.token)[..16] }),
        )
        .await?;
        tx.commit().await?;
        Ok(link)
    }

    /// The project's share links that still join, newest first (owners only).
    pub async fn share_links(
        &self,
        actor: &Actor,
        project: &ProjectId,
    ) -> Result<Vec<ShareLinkSummary>, StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Owner).await?;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT token_hash, role, created_by, created_at FROM share_links \
             WHERE project_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, token_hash",
        )
        .bind(&project.0)
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|(id, role, created_by, created_at)| {
                Ok(ShareLinkSummary {
                    id,
                    role: role.parse()?,
                    created_by: UserId(created_by),
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()
    }

    /// Revokes a share link of the project, named by its token or its id (owners only);
    /// joining with it fails from now on.
    pub async fn revoke_share_link(
        &self,
        actor: &Actor,
        project: &ProjectId,
        token_or_id: &str,
    ) -> Result<(), StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Owner).await?;
        let revoked: Option<(String,)> = sqlx::query_as(
            "UPDATE share_links SET revoked_at = $1 \
             WHERE (token_hash = $2 OR token_hash = $3) AND project_id = $4 \
             AND revoked_at IS NULL RETURNING token_hash",
        )
        .bind(now_ms())
        .bind(token_hash(token_or_id))
        .bind(token_or_id)
        .bind(&project.0)
        .fetch_optional(&mut *tx)
        .await?;
        let (hash,) = revoked.ok_or(StoreError::NotFound("share link"))?;
        audit::record(
            &mut tx,
            actor,
            "share_link.revoke",
            Some(project),
            serde_json::json!({ "link": hash.get(..16).unwrap_or_default() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Joins the actor to the link's project with the link's role. A member keeps a higher
    /// role; a revoked or unknown link is `NotFound`.
    pub async fn accept_share_link(
        &self,
        actor: &Actor,
        token: &str,
    ) -> Result<Project, StoreError> {
        let user = actor.signed_in()?;
        let hash = token_hash(token);
        let mut tx = self.pool.begin().await?;
        let link: Option<(String, String)> = sqlx::query_as(
            "SELECT project_id, role FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(&mut *tx)
        .await?;
        let (project, role) = link.ok_or(StoreError::NotFound("share link"))?;
        let (project, role) = (ProjectId(project), role.parse::<Role>()?);
        match role_in(&mut tx, user, &project).await? {
            Some(current) if current >= role => {}
            Some(_) => update_role(&mut tx, &project, user, role).await?,
            None => insert_member(&mut tx, &project, user, role).await?,
        }
        audit::record(
            &mut tx,
            actor,
            "share_link.accept",
            Some(&project),
            serde_json::json!({ "role": role, "link": &hash[..16] }),
        )
        .await?;
        let joined = super::projects::project_for(&mut tx, user, &project).await?;
        tx.commit().await?;
        Ok(joined)
    }
}
