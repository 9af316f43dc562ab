//! `GET /api/projects/{id}/live`: a project's live room over WebSocket (y-websocket protocol,
//! see `crate::rooms`). The gate answers before the upgrade: no credentials is 401, a project
//! that is not the caller's is 404, both as JSON like every API error; a room that cannot load
//! is 503.

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::rooms::{is_project_id, serve_socket, RoomError};
use crate::AppState;

/// The live route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/projects/{id}/live", get(live))
}

/// Bytes a connection's WebSocket reads at a time (and holds while idle).
const READ_BUFFER_BYTES: usize = 4 * 1024;

async fn live(
    State(state): State<AppState>,
    Path(project): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Some(rooms) = state.rooms() else {
        return RoomError::Unavailable("live rooms are not enabled on this server".into())
            .into_response();
    };
    if !is_project_id(&project) {
        return RoomError::NotFound(project).into_response();
    }
    let admission = match rooms.gate().access(&project, &headers, &uri).await {
        Ok(admission) => admission,
        Err(e) => {
            tracing::info!(project, code = e.code(), "refused a live room join");
            return e.into_response();
        }
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let joined = match rooms.join(&project, admission).await {
        Ok(joined) => joined,
        Err(e) => return e.into_response(),
    };
    let limit = rooms.config().max_frame_bytes;
    upgrade
        // tungstenite reserves its whole read buffer per connection up front (128 KiB by
        // default): 2.5 GiB for 20,000 idle members. 4 KiB is the size it advises for many
        // connections; a larger frame still arrives whole, the buffer grows for it.
        .read_buffer_size(READ_BUFFER_BYTES)
        .max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| serve_socket(socket, joined))
}

impl IntoResponse for RoomError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        let body = serde_json::json!({"code": self.code(), "message": self.to_string()});
        (status, Json(body)).into_response()
    }
}
