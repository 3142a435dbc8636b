//! `site serve`: the site over HTTP on this machine, rebuilt when a file under backlog/
//! changes, each open page reloading itself. tiny_http serves, notify watches, ctrlc
//! stops; all three stay in this module.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Method, Response, Server};

use crate::cli::{Ctx, Error, Result};
use crate::render::site;

/// The pages being served, and which build they are.
struct Built {
    version: u64,
    pages: HashMap<String, String>,
}

pub fn run(ctx: &mut Ctx, addr: SocketAddr) -> Result<i32> {
    // A server runs on: it frees what it loaded.
    let (repo, backlog) = ctx.load_owned()?;
    let watched = backlog.base.join("backlog");
    let mut built = Built {
        version: 1,
        pages: super::site::pages(ctx, &repo, &backlog, true)?
            .into_iter()
            .collect(),
    };
    ctx.report_problems(&backlog)?;
    let server = Server::http(addr).map_err(|e| {
        Error::Message(format!(
            "cannot serve on {addr}: {e}{}",
            if addr.port() == 0 {
                ""
            } else {
                " (another port: --port N, or --port 0 for any free one)"
            }
        ))
    })?;
    // Changes only: reading the files to build the site is an event too (an access),
    // which would rebuild for ever.
    let (tx, changes) = mpsc::channel::<()>();
    // Kept alive for as long as the server runs: dropping it stops the watching.
    let _watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| {
            matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            )
        }) {
            let _ = tx.send(());
        }
    })
    .and_then(|mut w| w.watch(&watched, RecursiveMode::Recursive).map(|()| w))
    .map_err(|e| Error::Message(format!("cannot watch {}: {e}", watched.display())))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::Message(format!("cannot catch Ctrl-C: {e}")))?;
    let shown = server
        .server_addr()
        .to_ip()
        .map_or_else(|| addr.to_string(), |a| a.to_string());
    // The address on stdout, alone, for scripts (and tests) that start a server on
    // --port 0 and need to know where it is.
    writeln!(ctx.out, "http://{shown}/")?;
    ctx.status(&format!(
        "Serving the backlog at http://{shown}/ (rebuilt when a file under {} changes; Ctrl-C stops)",
        watched.display()
    ))?;
    // An editor's save or a commit is a burst of events: rebuild once it has been quiet
    // for a quarter of a second.
    let mut changed_at: Option<Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        if changes.try_iter().count() > 0 {
            changed_at = Some(Instant::now());
        }
        if changed_at.is_some_and(|t| t.elapsed() >= Duration::from_millis(250)) {
            changed_at = None;
            rebuild(ctx, &mut built)?;
        }
        match server.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(request)) => respond(request, &built),
            Ok(None) => {}
            Err(e) => return Err(Error::Message(format!("serving stopped: {e}"))),
        }
    }
    ctx.status("Stopped.")?;
    Ok(0)
}

/// Build the site again; on failure (a config.yml being edited, say) keep serving the
/// last build and say why.
fn rebuild(ctx: &mut Ctx, built: &mut Built) -> Result<()> {
    let fresh = ctx
        .load_owned()
        .and_then(|(repo, backlog)| super::site::pages(ctx, &repo, &backlog, true));
    match fresh {
        Ok(pages) => {
            built.pages = pages.into_iter().collect();
            built.version += 1;
            ctx.status(&format!("Rebuilt ({} pages)", built.pages.len()))?;
        }
        Err(e) => ctx.warn(&format!("not rebuilt, still showing the last build: {e}"))?,
    }
    Ok(())
}

fn respond(request: tiny_http::Request, built: &Built) {
    let header = |value: &str| {
        Header::from_bytes("Content-Type", value).expect("a valid header is always built")
    };
    // Read-only: nothing to post, put or delete.
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("read-only\n").with_status_code(405));
        return;
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let response = if path == "__version" {
        Response::from_string(built.version.to_string())
            .with_header(header("text/plain; charset=utf-8"))
    } else if let Some(html) = built.pages.get(path) {
        Response::from_string(site::live(html, built.version))
            .with_header(header("text/html; charset=utf-8"))
    } else {
        Response::from_string(format!("no page {path}\n"))
            .with_status_code(404)
            .with_header(header("text/plain; charset=utf-8"))
    };
    let _ = request.respond(response.with_header(header_cache()));
}

/// Every answer is fresh: the site changes under the browser.
fn header_cache() -> Header {
    Header::from_bytes("Cache-Control", "no-store").expect("a valid header is always built")
}
