//! The OpenAPI document committed in `docs/openapi.json` (what clients and
//! generated stubs are built from) is the one the server serves, generated
//! from its Rust types. `HPI_WRITE_DOCS=1` rewrites it.

#[test]
fn the_committed_openapi_document_is_the_served_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let served = hpi_server::openapi_json() + "\n";
    if std::env::var_os("HPI_WRITE_DOCS").is_some() {
        std::fs::write(&path, &served).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == served,
        "docs/openapi.json differs from the served document; rewrite it with \
         HPI_WRITE_DOCS=1 cargo test -p hpi-server --test openapi"
    );
}
