//! Front ends are only front ends: the CLI, the server, the desktop app and the Python package depend on the
//! use cases, never on the engine, the store or the report crate beneath
//! them (`Cargo.toml` says why).

#[test]
fn front_ends_depend_on_the_use_cases_only() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline", "--manifest-path"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lower = ["hpi-engine", "hpi-store", "hpi-report"];
    let mut checked = 0;
    for package in meta["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        if !["hpi-cli", "hpi-studio", "hpi-server", "hpi-python"].contains(&name) {
            continue;
        }
        checked += 1;
        let deps: Vec<&str> =
            package["dependencies"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert!(deps.contains(&"hpi-usecases"), "{name} does not use the use cases: {deps:?}");
        for crate_name in lower {
            assert!(
                !deps.contains(&crate_name),
                "{name} depends on {crate_name}; call a use case in hpi-usecases instead"
            );
        }
    }
    assert_eq!(checked, 4, "every front end was looked at");
}
