//! One client's WebSocket: a reader that hands binary frames to the room, and a writer that
//! drains the client's bounded queue, pings, and closes with the room's code and reason.
//! Either ending ends both; dropping the [`Joined`] tells the room the client left.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use super::protocol::{self, CLOSE_GONE, CLOSE_TOO_BIG, CLOSE_TOO_SLOW, CLOSE_UNSUPPORTED};
use super::room::{ConnId, Event, Outgoing};
use super::Joined;

/// A write that takes longer than this means the client stopped reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// How a connection ends.
enum Ending {
    /// Send a close frame with this code and reason.
    Close(u16, String),
    /// The client closed or the connection broke: nothing more to send.
    Gone,
}

/// Serves one joined client until either side ends the connection.
pub(crate) async fn serve_socket(socket: WebSocket, mut joined: Joined) {
    let (conn, max, ping) = (joined.conn, joined.max_frame_bytes, joined.ping_interval);
    let (mut sink, mut stream) = socket.split();
    let alive = AtomicBool::new(true);
    let ending = tokio::select! {
        ending = read(&mut stream, &joined.events, conn, &alive, max) => ending,
        ending = write(&mut sink, &mut joined.outgoing, &alive, ping) => ending,
    };
    if let Ending::Close(code, reason) = ending {
        let frame = CloseFrame {
            code,
            reason: protocol::close_reason(&reason).into(),
        };
        let _ = tokio::time::timeout(WRITE_TIMEOUT, sink.send(Message::Close(Some(frame)))).await;
    }
}

async fn read(
    stream: &mut SplitStream<WebSocket>,
    events: &mpsc::Sender<Event>,
    conn: ConnId,
    alive: &AtomicBool,
    max_frame_bytes: usize,
) -> Ending {
    while let Some(message) = stream.next().await {
        alive.store(true, Ordering::Relaxed);
        match message {
            Ok(Message::Binary(bytes)) => {
                if events.send(Event::Frame { conn, bytes }).await.is_err() {
                    return Ending::Close(CLOSE_GONE, "the room closed".into());
                }
            }
            Ok(Message::Text(_)) => {
                tracing::warn!(conn, "refused a text frame");
                return Ending::Close(
                    CLOSE_UNSUPPORTED,
                    "text frames are not the y-websocket protocol".into(),
                );
            }
            Ok(Message::Close(_)) => return Ending::Gone,
            Ok(Message::Ping(_) | Message::Pong(_)) => {}
            Err(e) => {
                // tungstenite's capacity error is the only one that leaves the socket usable.
                let text = e.to_string();
                if text.contains("too long") || text.contains("too big") {
                    tracing::warn!(conn, "refused an oversized frame: {text}");
                    return Ending::Close(
                        CLOSE_TOO_BIG,
                        format!("frame over the limit of {max_frame_bytes} bytes"),
                    );
                }
                tracing::debug!(conn, "connection failed: {text}");
                return Ending::Gone;
            }
        }
    }
    Ending::Gone
}

async fn write(
    sink: &mut SplitSink<WebSocket, Message>,
    outgoing: &mut mpsc::Receiver<Outgoing>,
    alive: &AtomicBool,
    ping_interval: Duration,
) -> Ending {
    let mut pings = tokio::time::interval(ping_interval);
    pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    pings.tick().await;
    loop {
        let message = tokio::select! {
            next = outgoing.recv() => match next {
                Some(Outgoing::Frame(bytes)) => Message::Binary(bytes),
                Some(Outgoing::Close(code, reason)) => return Ending::Close(code, reason),
                None => {
                    return Ending::Close(
                        CLOSE_TOO_SLOW,
                        "too slow: the client did not read its messages in time".into(),
                    )
                }
            },
            _ = pings.tick() => {
                if !alive.swap(false, Ordering::Relaxed) {
                    return Ending::Close(CLOSE_GONE, "no answer to ping".into());
                }
                Message::Ping(Default::default())
            }
        };
        match tokio::time::timeout(WRITE_TIMEOUT, sink.send(message)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) | Err(_) => return Ending::Gone,
        }
    }
}
