//! The accept loop. axum's own `serve` gives a connection all the time it
//! likes to send its request line and headers, so a client that opens many
//! connections and trickles a byte now and then (slowloris) holds them for
//! ever; the request timeout only starts once the headers are in. Here each
//! connection must deliver its headers within `header_timeout`, or hyper
//! closes it.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::Service;

/// How long connections still busy at shutdown (event streams) may take to
/// finish before the process leaves anyway.
const DRAIN: Duration = Duration::from_secs(20);

/// Serves `app` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish (at most [`DRAIN`]).
pub async fn serve(listener: TcpListener, app: Router, header_timeout: Duration, shutdown: impl Future<Output = ()>) {
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let (closing, closed) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = make_service.call(peer).await.unwrap_or_else(|never| match never {});
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let mut connection = pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection from {peer} ended: {e}");
                    }
                    return;
                }
                _ = closed.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    drop(closed);
    let _ = closing.send(());
    if tokio::time::timeout(DRAIN, closing.closed()).await.is_err() {
        tracing::warn!("connections still open after {} s: leaving anyway", DRAIN.as_secs());
    }
}
