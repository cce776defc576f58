//! Build, test and CI plumbing for assent, run as `cargo xtask <command>`.
//!
//! Standard library only, so that the first `cargo xtask` on a fresh machine compiles in seconds.

mod build;
mod demo;
mod layout;
mod proc;
mod setup;
mod size;
mod stamp;
mod suite;
mod wasm_module;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup   install what is missing: the wasm32 target, the wasm-bindgen CLI (the version in
          Cargo.lock), binaryen's wasm-opt and terser (npm, in xtask/npm), Debian's chromium,
          chromium-driver and openssl, the npm packages in tests/js
  setup --fresh
          run every setup step as on a new machine, in a throwaway environment removed afterwards:
          the wasm-bindgen CLI built into an empty install root, the npm packages installed into
          copies of their projects with an empty HOME and cache, every Debian package installed
          (apt-get, as root) whatever is there; each step then checked as setup checks it. CI runs
          it, so a step that works only on a second run fails there
  build   build the npm package in pkg/: the engine for pages, the banner's bundle, and a
          node/workerd bundle with signing; a bundle whose module, tools and xtask build code
          are unchanged since the last build is reused (target/<bundle>/out/inputs.stamp)
  size    build, then print the size of each bundle against its budget, and what is biggest
  test    run everything CI runs after fmt and clippy, stopping at the first failure
  demo    serve the demo shop, its consent API and receipt log on http://127.0.0.1:8787 in
          workerd (builds first; key and log storage in .assent-local/; Ctrl-C stops)";

/// What went wrong, said so that the person reading it knows what to do next.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

/// Builds an [`Error`] from a message.
pub fn error(message: impl Into<String>) -> Error {
    Error(message.into())
}

/// The result of an xtask step.
pub type Result<T = ()> = std::result::Result<T, Error>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["setup"] => setup::all(&root),
        ["setup", "--fresh"] => setup::fresh(&root),
        ["build"] => build::run(&root),
        ["size"] => size::run(&root),
        ["test"] => suite::run(&root),
        ["demo"] => demo::run(&root),
        [] | ["help"] | ["-h"] | ["--help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(error(format!("unknown arguments {args:?}\n\n{USAGE}"))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one folder below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
