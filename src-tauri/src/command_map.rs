//! The web UI's view of the commands, generated from the `#[tauri::command]`
//! functions in `commands.rs` into `ui/src/ipc/commands.ts`: each command's
//! name, its arguments (as Tauri names them: camelCase, without the ones Tauri
//! injects) and its result, typed with the declarations in `bindings.ts`. A
//! test fails when the committed file drifts from the functions or when a
//! command is not registered in `lib.rs`; run it with `HPI_WRITE_BINDINGS=1`
//! to rewrite the file.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use syn::{FnArg, GenericArgument, Item, ItemFn, Pat, PathArguments, ReturnType, Type};

    /// Arguments Tauri fills in itself rather than taking from the caller.
    const INJECTED: &[&str] = &["AppHandle", "State", "AppStateRef", "Window", "Webview", "WebviewWindow"];

    fn src(file: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file)
    }

    fn is_command(f: &ItemFn) -> bool {
        f.attrs.iter().any(|a| {
            let segments: Vec<String> = a.path().segments.iter().map(|s| s.ident.to_string()).collect();
            segments == ["tauri", "command"]
        })
    }

    fn docs(f: &ItemFn) -> Vec<String> {
        f.attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
        match ty {
            Type::Path(p) => p.path.segments.last(),
            Type::Reference(r) => last_segment(&r.elem),
            _ => None,
        }
    }

    fn type_argument(segment: &syn::PathSegment) -> &Type {
        match &segment.arguments {
            PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .find_map(|a| match a {
                    GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{} needs a type argument", segment.ident)),
            _ => panic!("{} needs a type argument", segment.ident),
        }
    }

    /// The TypeScript spelling of a Rust type that crosses the edge; `declared`
    /// collects the names that must exist in `bindings.ts`.
    fn ts(ty: &Type, declared: &mut Vec<String>) -> String {
        if let Type::Tuple(t) = ty {
            assert!(t.elems.is_empty(), "tuples do not cross the IPC edge");
            return "null".into();
        }
        let segment = last_segment(ty).unwrap_or_else(|| panic!("cannot name this type in TypeScript"));
        let name = segment.ident.to_string();
        match name.as_str() {
            "String" | "str" | "PathBuf" | "Path" => "string".into(),
            "i32" | "i64" | "u32" | "u64" | "usize" | "f64" => "number".into(),
            "bool" => "boolean".into(),
            "Option" => format!("{} | null", ts(type_argument(segment), declared)),
            "Vec" => format!("{}[]", ts(type_argument(segment), declared)),
            "IpcResult" | "Result" => ts(type_argument(segment), declared),
            "Channel" => format!("Channel<{}>", ts(type_argument(segment), declared)),
            _ => {
                declared.push(name.clone());
                format!("B.{name}")
            }
        }
    }

    struct Command {
        name: String,
        docs: Vec<String>,
        args: Vec<(String, String)>,
        returns: String,
    }

    fn commands(declared: &mut Vec<String>) -> Vec<Command> {
        let text = std::fs::read_to_string(src("commands.rs")).unwrap();
        let file = syn::parse_file(&text).expect("commands.rs parses");
        file.items
            .iter()
            .filter_map(|item| match item {
                Item::Fn(f) if is_command(f) => Some(f),
                _ => None,
            })
            .map(|f| {
                let args = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|arg| match arg {
                        FnArg::Typed(t) => Some(t),
                        FnArg::Receiver(_) => None,
                    })
                    .filter(|t| !last_segment(&t.ty).is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())))
                    .map(|t| {
                        let Pat::Ident(name) = &*t.pat else { panic!("{}: name every argument", f.sig.ident) };
                        (camel(&name.ident.to_string()), ts(&t.ty, declared))
                    })
                    .collect();
                let returns = match &f.sig.output {
                    ReturnType::Default => "null".into(),
                    ReturnType::Type(_, ty) => ts(ty, declared),
                };
                Command { name: f.sig.ident.to_string(), docs: docs(f), args, returns }
            })
            .collect()
    }

    fn render(commands: &[Command]) -> String {
        let mut out = String::from(
            "// Generated from the #[tauri::command] functions in `src-tauri/src/commands.rs` by\n\
             // `src-tauri/src/command_map.rs`; do not edit.\n\
             // Regenerate: HPI_WRITE_BINDINGS=1 cargo test --workspace bindings\n\n\
             import type { Channel } from \"@tauri-apps/api/core\";\n\
             import type * as B from \"./bindings\";\n\n\
             /** How a command reaches the Rust side: by name, with its arguments. */\n\
             export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
             /** Every command the app registers, named as in Rust but in camelCase, with its arguments and result. */\n\
             export function commands(call: Invoke) {\n  return {\n",
        );
        for c in commands {
            if !c.docs.is_empty() {
                out.push_str(&format!("    /** {} */\n", c.docs.join(" ")));
            }
            let params: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            let names: Vec<&str> = c.args.iter().map(|(n, _)| n.as_str()).collect();
            let args = if names.is_empty() { String::new() } else { format!(", {{ {} }}", names.join(", ")) };
            out.push_str(&format!(
                "    {}: ({}) => call<{}>(\"{}\"{}),\n",
                camel(&c.name),
                params.join(", "),
                c.returns,
                c.name,
                args
            ));
        }
        out.push_str("  };\n}\n");
        out
    }

    /// The commands `lib.rs` hands to `generate_handler!`.
    fn registered() -> Vec<String> {
        let text = std::fs::read_to_string(src("lib.rs")).unwrap();
        let start =
            text.find("generate_handler![").expect("lib.rs registers its commands") + "generate_handler![".len();
        let end = start + text[start..].find(']').unwrap();
        text[start..end]
            .split(',')
            .map(|s| s.trim().trim_start_matches("commands::").to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn bindings_of_the_commands_match_the_rust_functions() {
        let mut declared = Vec::new();
        let commands = commands(&mut declared);
        let mut names: Vec<String> = commands.iter().map(|c| c.name.clone()).collect();
        let mut handled = registered();
        names.sort();
        handled.sort();
        assert_eq!(names, handled, "every #[tauri::command] in commands.rs is registered in lib.rs, and only those");

        let bindings = crate::bindings::tests::render();
        for name in &declared {
            assert!(
                bindings.contains(&format!("export type {name} ")),
                "{name} crosses the IPC edge but has no declaration in bindings.ts (add it to bindings.rs)"
            );
        }

        crate::bindings::tests::matches_committed("commands.ts", &render(&commands));
    }
}
