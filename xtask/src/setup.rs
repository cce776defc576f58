//! `cargo xtask setup`: installs what the build and the tests need, only what is missing.
//!
//! A fresh CI machine has Rust, Node.js and npm; everything else comes from here, so CI passes on a
//! new machine and not only on one where someone installed things by hand.

use std::path::{Path, PathBuf};

use crate::proc::{cargo_tool, on_path, Cmd};
use crate::{error, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Everything: the build tools, the browser and its driver, and the npm packages of the JS tests.
pub fn all(root: &Path) -> Result {
    build_tools(root)?;
    debian_packages(DEBIAN_PACKAGES)?;
    for project in js_test_projects(root)? {
        npm_packages(&project)?;
    }
    Ok(())
}

/// tests/js and each folder in it with its own package.json (such as tests/js/tcf-oracle, which a
/// Rust test runs), so a test that needs npm packages gets them by being there, not by an edit here.
fn js_test_projects(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join("tests/js");
    let mut nested: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n != "node_modules") && p.join("package.json").is_file())
        .collect();
    nested.sort();
    Ok(std::iter::once(dir).chain(nested).collect())
}

/// What `cargo xtask build` needs: the wasm32 target, the wasm-bindgen CLI, and binaryen's wasm-opt
/// and terser from npm (xtask/npm; Debian's binaryen 108 corrupts wasm-bindgen's externref table).
pub fn build_tools(root: &Path) -> Result {
    wasm_toolchain(root)?;
    npm_packages(&root.join("xtask/npm"))
}

/// binaryen's wasm-opt, as `cargo xtask setup` installs it.
pub fn wasm_opt(root: &Path) -> PathBuf {
    root.join("xtask/npm/node_modules/.bin/wasm-opt")
}

fn wasm_toolchain(root: &Path) -> Result {
    let installed = Cmd::new("rustup").args(["target", "list", "--installed"]).probe();
    if installed
        .as_deref()
        .is_some_and(|list| list.lines().any(|t| t.trim() == WASM_TARGET))
    {
        println!("setup: rust target {WASM_TARGET}: installed");
    } else {
        Cmd::new("rustup").args(["target", "add", WASM_TARGET]).run()?;
    }

    let wanted = wasm_bindgen_version(&std::fs::read_to_string(root.join("Cargo.lock"))?)?;
    let have = wasm_bindgen_cli_version();
    if have.as_deref() == Some(wanted.as_str()) {
        println!("setup: wasm-bindgen CLI {wanted}: installed");
    } else {
        println!(
            "setup: wasm-bindgen CLI {wanted} is needed (found {}); building it takes a few minutes",
            have.as_deref().unwrap_or("none")
        );
        // No --locked: one of the CLI's locked dependency versions is not served by the registry.
        // --force: cargo may still list the crate as installed when its binaries are gone.
        Cmd::cargo()
            .args(["install", "--force", "wasm-bindgen-cli", "--version", &wanted])
            .minutes(30)
            .run()?;
        let now = wasm_bindgen_cli_version();
        if now.as_deref() != Some(wanted.as_str()) {
            return Err(error(format!(
                "installed wasm-bindgen-cli {wanted}, but `wasm-bindgen --version` still says {now:?}; \
                 is another wasm-bindgen earlier on PATH?"
            )));
        }
    }
    Ok(())
}

/// The version both wasm-bindgen and wasm-bindgen-test-runner report, if both are there and agree.
fn wasm_bindgen_cli_version() -> Option<String> {
    let version_of = |tool: &str| -> Option<String> {
        let out = Cmd::new(cargo_tool(tool)?).arg("--version").probe()?;
        out.split_whitespace().nth(1).map(str::to_owned)
    };
    let cli = version_of("wasm-bindgen")?;
    (version_of("wasm-bindgen-test-runner")? == cli).then_some(cli)
}

/// The wasm-bindgen crate's version in Cargo.lock: the CLI must be exactly this version.
pub fn wasm_bindgen_version(lock: &str) -> Result<String> {
    let mut in_wasm_bindgen = false;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            in_wasm_bindgen = false;
        } else if line == "name = \"wasm-bindgen\"" {
            in_wasm_bindgen = true;
        } else if let (true, Some(rest)) = (in_wasm_bindgen, line.strip_prefix("version = \"")) {
            return rest
                .strip_suffix('"')
                .map(str::to_owned)
                .ok_or_else(|| error("bad version line in Cargo.lock"));
        }
    }
    Err(error(
        "Cargo.lock has no wasm-bindgen package; is the `wasm` feature's dependency gone from Cargo.toml?",
    ))
}

/// A Debian package the tests need, and the command it must put on PATH, if any.
struct DebianPackage {
    name: &'static str,
    command: Option<&'static str>,
}

/// The Debian packages of the browser tests.
const DEBIAN_PACKAGES: &[DebianPackage] = &[
    DebianPackage {
        name: "chromium",
        command: Some("chromium"),
    },
    DebianPackage {
        name: "chromium-driver",
        command: Some("chromedriver"),
    },
    // A CJK font, so the zh-CN banner's screenshots show its text rather than empty boxes.
    DebianPackage {
        name: "fonts-wqy-microhei",
        command: None,
    },
];

/// The packages of `wanted` that are not ready: not installed (by dpkg's own record, not by a file
/// the package happens to ship), or installed without their command on PATH. The same test decides
/// what to install and whether the install worked, so a step cannot pass only on its second run.
fn not_ready(
    wanted: &[DebianPackage],
    installed: impl Fn(&str) -> bool,
    on_path: impl Fn(&str) -> bool,
) -> Vec<&DebianPackage> {
    wanted
        .iter()
        .filter(|p| !installed(p.name) || p.command.is_some_and(|c| !on_path(c)))
        .collect()
}

/// Whether dpkg records `package` as installed.
fn dpkg_installed(package: &str) -> bool {
    Cmd::new("dpkg-query")
        .args(["--show", "--showformat=${Status}", package])
        .probe()
        .is_some_and(|status| status.trim() == "install ok installed")
}

/// Installs the Debian packages that are not ready, then checks them again by the same test.
fn debian_packages(wanted: &[DebianPackage]) -> Result {
    let ready = || not_ready(wanted, dpkg_installed, |c| on_path(c).is_some());
    let missing = ready();
    for package in wanted.iter().filter(|p| !missing.iter().any(|m| m.name == p.name)) {
        println!("setup: Debian package {}: installed", package.name);
    }
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = missing.iter().map(|p| p.name).collect();
    let list = names.join(" ");
    if !is_root() {
        return Err(error(format!(
            "Debian packages {list} are missing and installing them needs root; run\n\n    \
             sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y {list}\n\n\
             then run this command again"
        )));
    }
    Cmd::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .minutes(10)
        .run()?;
    Cmd::new("apt-get")
        .args(["install", "-y"])
        .args(&names)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .minutes(20)
        .run()?;
    match ready().first() {
        Some(DebianPackage {
            name,
            command: Some(command),
        }) if dpkg_installed(name) => Err(error(format!(
            "installed {name}, but its command `{command}` is not on PATH"
        ))),
        Some(DebianPackage { name, .. }) => Err(error(format!(
            "apt-get installed {list}, but dpkg does not list {name} as installed"
        ))),
        None => Ok(()),
    }
}

fn is_root() -> bool {
    Cmd::new("id").arg("-u").probe().is_some_and(|uid| uid.trim() == "0")
}

/// `npm ci` in `dir` (`npm install` if it has no lockfile yet), unless node_modules already matches.
pub fn npm_packages(dir: &Path) -> Result {
    if on_path("node").is_none() || on_path("npm").is_none() {
        return Err(error(
            "node and npm are not on PATH; wasm-opt and the package tests need Node.js 20 or later",
        ));
    }
    let lock = dir.join("package-lock.json");
    // npm writes node_modules/.package-lock.json on every install: newer than both inputs = up to date.
    let installed = dir.join("node_modules/.package-lock.json");
    if newer_than(&installed, &[lock.clone(), dir.join("package.json")]) {
        println!("setup: npm packages in {}: installed", dir.display());
        return Ok(());
    }
    let verb = if lock.exists() { "ci" } else { "install" };
    Cmd::new("npm")
        .args([verb, "--no-audit", "--no-fund"])
        .cwd(dir)
        .minutes(15)
        .run()
}

fn newer_than(output: &Path, inputs: &[PathBuf]) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let Some(out) = modified(output) else { return false };
    inputs.iter().all(|input| modified(input).is_some_and(|t| t <= out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_wasm_bindgen_version_and_not_a_namesake() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+x"
"#;
        assert_eq!(wasm_bindgen_version(lock).ok().as_deref(), Some("0.2.130"));
    }

    #[test]
    fn a_package_is_ready_by_dpkg_and_its_command_alone() {
        // A font package has no command: installed is ready, whatever files it ships.
        let installed = |name: &str| name != "chromium-driver";
        let on_path = |command: &str| command == "chromium";
        let missing: Vec<&str> = not_ready(DEBIAN_PACKAGES, installed, on_path)
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(missing, ["chromium-driver"]);
    }

    #[test]
    fn an_installed_package_whose_command_is_missing_is_not_ready() {
        let missing: Vec<&str> = not_ready(DEBIAN_PACKAGES, |_| true, |_| false)
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(missing, ["chromium", "chromium-driver"]);
        assert!(not_ready(DEBIAN_PACKAGES, |_| true, |_| true).is_empty());
    }

    #[test]
    fn a_lock_without_wasm_bindgen_is_an_error() {
        let lock = "[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\n";
        assert!(wasm_bindgen_version(lock).is_err());
    }

    #[test]
    fn js_test_projects_are_tests_js_and_its_folders_with_a_package_json() {
        let root = std::env::temp_dir().join(format!("xtask-projects-{}", std::process::id()));
        let js = root.join("tests/js");
        for dir in ["oracle", "fixtures", "node_modules/dep"] {
            std::fs::create_dir_all(js.join(dir)).unwrap_or_default();
        }
        for file in ["package.json", "oracle/package.json", "node_modules/dep/package.json"] {
            std::fs::write(js.join(file), "{}").unwrap_or_default();
        }
        let projects = js_test_projects(&root).unwrap_or_default();
        std::fs::remove_dir_all(&root).unwrap_or_default();
        assert_eq!(projects, [js.clone(), js.join("oracle")]);
    }

    #[test]
    fn the_workspace_lock_pins_wasm_bindgen() {
        let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock")).unwrap_or_default();
        let version = wasm_bindgen_version(&lock).unwrap_or_default();
        let manifest = std::fs::read_to_string(crate::workspace_root().join("Cargo.toml")).unwrap_or_default();
        assert!(
            manifest.contains(&format!("wasm-bindgen = {{ version = \"={version}\"")),
            "{version}"
        );
    }
}
