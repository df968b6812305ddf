//! The Help window: the documentation book, built into the app (`help/` of
//! the UI's assets, by `npm run build:help`), so it opens without network.
//! The window has no capabilities: the book cannot call the app.

use crate::error::{IpcError, IpcResult};
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

const LABEL: &str = "help";

/// The book's page for `page` (`guide/data.html`); the first page when none.
fn address(page: Option<&str>) -> IpcResult<String> {
    let page = page.unwrap_or("index.html");
    let safe = page.ends_with(".html")
        && !page.contains("..")
        && page.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    if !safe {
        return Err(IpcError::invalid(format!("{page:?} is not a page of the documentation")));
    }
    Ok(format!("help/{page}"))
}

/// Opens the Help window at `page`, or brings it forward.
pub fn open(app: &AppHandle, page: Option<&str>) -> IpcResult<()> {
    let url = address(page)?;
    if let Some(window) = app.get_webview_window(LABEL) {
        if page.is_some() {
            let _ = window.eval(format!("location.href = '/{url}'"));
        }
        let _ = window.unminimize();
        return window.set_focus().map_err(|e| IpcError::internal(format!("cannot show the help: {e}")));
    }
    WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App(url.into()))
        .title("HPI Studio Help")
        .inner_size(1040.0, 780.0)
        .min_inner_size(640.0, 480.0)
        .build()
        .map(|_| ())
        .map_err(|e| IpcError::internal(format!("cannot open the help: {e}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_pages_of_the_book_open() {
        assert_eq!(super::address(None).unwrap(), "help/index.html");
        assert_eq!(super::address(Some("guide/data.html")).unwrap(), "help/guide/data.html");
        for bad in ["../index.html", "https://example.com/x.html", "guide/data.md", "a'b.html"] {
            assert!(super::address(Some(bad)).is_err(), "{bad}");
        }
    }
}
