//! `cargo xtask setup`: installs what the build and the tests need, only what is missing.
//!
//! A fresh CI machine has Rust, Node.js and npm; everything else comes from here, so CI passes on a
//! new machine and not only on one where someone installed things by hand. `setup --fresh` proves
//! that: it runs every step as a first run would, in a throwaway environment ([`Fresh`]), so a step
//! that only works on a second run fails CI on a machine that has everything already.

use std::fs;
use std::path::{Path, PathBuf};

use crate::proc::{cargo_tool, executable_in, on_path, Cmd};
use crate::{error, Result};

/// The targets `cargo xtask build` compiles for: the Wasm bundles, and the command-line tool the
/// package runs under Node's WASI (`npx assent`).
const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CLI_TARGET: &str = "wasm32-wasip1";

/// Everything: the build tools, the browser and its driver, and the npm packages of the JS tests.
pub fn all(root: &Path) -> Result {
    steps(root, None)
}

/// Every step of [`all`] as on a new machine, in a throwaway environment that is removed afterwards
/// (on failure too), each checked after it ran by the same test a normal run uses to decide
/// whether it is needed:
/// - the wasm-bindgen CLI is built by `cargo install --root` into an empty folder, and looked for
///   there only, never on PATH or in cargo's home;
/// - the npm projects are copies of their package files in empty folders, installed by `npm ci`
///   with an empty HOME and npm cache, so nothing comes from node_modules or a cache a run left;
/// - every Debian package is taken as missing, so `apt-get install` and the check after it run
///   (installing a package that is there is a quick no-op; as root only, like a real first run).
///
/// The Rust toolchain is the machine's (no other can be fetched here, so there is no empty
/// rustup home to install it into): `rustup target add` runs every time, a no-op when the wasm32
/// targets are there, and each target is checked.
pub fn fresh(root: &Path) -> Result {
    let fresh = Fresh::create(&std::env::temp_dir())?;
    println!(
        "setup --fresh: every step as on a new machine, in {} (removed afterwards)",
        fresh.dir.display()
    );
    steps(root, Some(&fresh))?;
    println!("setup --fresh: every step installed from nothing and passed its check");
    Ok(())
}

/// The steps of [`all`], in the machine's own places (`fresh` is `None`) or in a throwaway
/// environment.
fn steps(root: &Path, fresh: Option<&Fresh>) -> Result {
    build_tools_in(root, fresh)?;
    debian_packages(DEBIAN_PACKAGES, fresh.is_some())?;
    for project in js_test_projects(root)? {
        npm_project(root, &project, fresh)?;
    }
    Ok(())
}

/// The throwaway environment of `setup --fresh`: one folder holding an empty HOME for npm, the
/// install root of `cargo install`, and copies of the npm projects. Dropping it removes the folder,
/// so a failed check cleans up as a passed one does.
struct Fresh {
    dir: PathBuf,
}

impl Fresh {
    /// A new empty folder in `base`, named after this process.
    fn create(base: &Path) -> Result<Self> {
        let dir = base.join(format!("assent-setup-fresh-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let fresh = Fresh { dir };
        fs::create_dir_all(fresh.home())?;
        fs::create_dir_all(fresh.install_root())?;
        Ok(fresh)
    }

    /// The HOME npm runs with, its cache inside: empty at the start.
    fn home(&self) -> PathBuf {
        self.dir.join("home")
    }

    /// `cargo install --root`: the tools land in its `bin/`, and are looked for there only.
    fn install_root(&self) -> PathBuf {
        self.dir.join("cargo")
    }

    /// Where the copy of the npm project at `project` (in the repository at `root`) goes.
    fn npm_project(&self, root: &Path, project: &Path) -> PathBuf {
        self.dir.join("npm").join(project.strip_prefix(root).unwrap_or(project))
    }

    /// The environment npm runs with: HOME and npm's cache in the empty home. The user's npm
    /// configuration file is kept: it is the machine's settings (CA file, the lockfile format),
    /// not something an earlier run left.
    fn npm_env(&self) -> Vec<(&'static str, PathBuf)> {
        let mut env = vec![("HOME", self.home()), ("npm_config_cache", self.home().join(".npm"))];
        if let Some(home) = std::env::var_os("HOME") {
            let userconfig = PathBuf::from(home).join(".npmrc");
            if userconfig.is_file() {
                env.push(("npm_config_userconfig", userconfig));
            }
        }
        env
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_dir_all(&self.dir) {
            eprintln!("setup --fresh: could not remove {}: {e}", self.dir.display());
        }
    }
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

/// What `cargo xtask build` needs: the wasm32 targets, the wasm-bindgen CLI, and binaryen's wasm-opt
/// and terser from npm (xtask/npm; Debian's binaryen 108 corrupts wasm-bindgen's externref table).
pub fn build_tools(root: &Path) -> Result {
    build_tools_in(root, None)
}

fn build_tools_in(root: &Path, fresh: Option<&Fresh>) -> Result {
    wasm_toolchain(root, fresh)?;
    let npm = npm_project(root, &root.join("xtask/npm"), fresh)?;
    if npm.installed {
        check_npm_tools(&npm.dir)?;
    }
    Ok(())
}

/// binaryen's wasm-opt, as `cargo xtask setup` installs it.
pub fn wasm_opt(root: &Path) -> PathBuf {
    wasm_opt_in(&root.join("xtask/npm"))
}

fn wasm_opt_in(npm: &Path) -> PathBuf {
    npm.join("node_modules/.bin/wasm-opt")
}

/// The build's npm tools run, checked after they were installed: an install that leaves no
/// working wasm-opt fails setup, not the build after it.
fn check_npm_tools(npm: &Path) -> Result {
    let wasm_opt = wasm_opt_in(npm);
    let version = Cmd::new(&wasm_opt).arg("--version").probe();
    let terser = npm.join("node_modules/terser/bin/terser");
    match version {
        Some(v) if terser.is_file() => {
            println!("setup: {} runs: {}", wasm_opt.display(), v.trim());
            Ok(())
        }
        Some(_) => Err(error(format!(
            "npm installed xtask/npm, but {} is missing",
            terser.display()
        ))),
        None => Err(error(format!(
            "npm installed xtask/npm, but `{} --version` fails",
            wasm_opt.display()
        ))),
    }
}

/// Where `cargo install` builds: one kept folder rather than a new temporary one each time, so the
/// fresh check and the real install of the same version share one build of the wasm-bindgen CLI
/// (about 4 minutes on 2 cores) instead of paying it twice. Only compiled artifacts are reused;
/// the install itself (resolving, fetching, the binaries it puts in place) runs every time.
fn cargo_install_target_dir() -> PathBuf {
    std::env::temp_dir().join("assent-cargo-install")
}

fn wasm_toolchain(root: &Path, fresh: Option<&Fresh>) -> Result {
    for target in [WASM_TARGET, CLI_TARGET] {
        let target_installed = || {
            Cmd::new("rustup")
                .args(["target", "list", "--installed"])
                .probe()
                .is_some_and(|list| list.lines().any(|t| t.trim() == target))
        };
        if fresh.is_none() && target_installed() {
            println!("setup: rust target {target}: installed");
        } else {
            Cmd::new("rustup").args(["target", "add", target]).run()?;
            if !target_installed() {
                return Err(error(format!(
                    "`rustup target add {target}` succeeded, but `rustup target list --installed` does not list it"
                )));
            }
        }
    }

    let wanted = wasm_bindgen_version(&fs::read_to_string(root.join("Cargo.lock"))?)?;
    let install_root = fresh.map(Fresh::install_root);
    let bin = install_root.as_ref().map(|r| r.join("bin"));
    let have = wasm_bindgen_cli_version(bin.as_deref());
    if have.as_deref() == Some(wanted.as_str()) {
        println!("setup: wasm-bindgen CLI {wanted}: installed");
        return Ok(());
    }
    println!(
        "setup: wasm-bindgen CLI {wanted} is needed (found {}); building it takes a few minutes",
        have.as_deref().unwrap_or("none")
    );
    // No --locked: one of the CLI's locked dependency versions is not served by the registry.
    // --force: cargo may still list the crate as installed when its binaries are gone.
    let mut install = Cmd::cargo()
        .args([
            "install",
            "--force",
            "wasm-bindgen-cli",
            "--version",
            &wanted,
            "--target-dir",
        ])
        .arg(cargo_install_target_dir());
    if let Some(install_root) = &install_root {
        install = install.arg("--root").arg(install_root);
    }
    install.minutes(30).run()?;
    let now = wasm_bindgen_cli_version(bin.as_deref());
    if now.as_deref() != Some(wanted.as_str()) {
        return Err(error(format!(
            "installed wasm-bindgen-cli {wanted}, but `wasm-bindgen --version` still says {now:?}; \
             is another wasm-bindgen earlier on PATH?"
        )));
    }
    Ok(())
}

/// The version both wasm-bindgen and wasm-bindgen-test-runner report, if both are there and agree:
/// in `bin` alone when given, else on PATH or in cargo's bin folder.
fn wasm_bindgen_cli_version(bin: Option<&Path>) -> Option<String> {
    let version_of = |tool: &str| -> Option<String> {
        let path = match bin {
            Some(bin) => executable_in(bin, tool),
            None => cargo_tool(tool),
        };
        let out = Cmd::new(path?).arg("--version").probe()?;
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
    // The certificate of the edge's test over HTTPS, made anew for each run.
    DebianPackage {
        name: "openssl",
        command: Some("openssl"),
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

/// The packages to install: those [`not_ready`], or every one of `wanted` when `all` (the fresh
/// check, which runs the install and the check after it whatever the machine has).
fn to_install(
    wanted: &[DebianPackage],
    all: bool,
    installed: impl Fn(&str) -> bool,
    on_path: impl Fn(&str) -> bool,
) -> Vec<&DebianPackage> {
    if all {
        wanted.iter().collect()
    } else {
        not_ready(wanted, installed, on_path)
    }
}

/// Installs the Debian packages that are not ready (all of them when `all`), then checks them
/// again by the same test.
fn debian_packages(wanted: &[DebianPackage], all: bool) -> Result {
    let ready = || not_ready(wanted, dpkg_installed, |c| on_path(c).is_some());
    let missing = to_install(wanted, all, dpkg_installed, |c| on_path(c).is_some());
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
    npm_install(dir, &[]).map(|_| ())
}

/// An npm project as setup left it: where it is installed, and whether npm ran.
struct NpmProject {
    dir: PathBuf,
    installed: bool,
}

/// The npm project at `project`, in place, or for the fresh check as a copy of its package files
/// in the throwaway environment, installed with its empty HOME and cache.
fn npm_project(root: &Path, project: &Path, fresh: Option<&Fresh>) -> Result<NpmProject> {
    let Some(fresh) = fresh else {
        let installed = npm_install(project, &[])?;
        return Ok(NpmProject {
            dir: project.to_path_buf(),
            installed,
        });
    };
    let dir = fresh.npm_project(root, project);
    copy_package_files(project, &dir)?;
    let installed = npm_install(&dir, &fresh.npm_env())?;
    Ok(NpmProject { dir, installed })
}

/// The files npm reads to install a project; its node_modules and everything else stay behind.
const PACKAGE_FILES: [&str; 3] = ["package.json", "package-lock.json", ".npmrc"];

/// Copies the [`PACKAGE_FILES`] that `from` has into a new folder `to`.
fn copy_package_files(from: &Path, to: &Path) -> Result {
    if !from.join("package.json").is_file() {
        return Err(error(format!("{} has no package.json", from.display())));
    }
    fs::create_dir_all(to)?;
    for file in PACKAGE_FILES {
        if from.join(file).is_file() {
            fs::copy(from.join(file), to.join(file))?;
        }
    }
    Ok(())
}

/// Whether the npm packages of `dir` are installed as its package files say: npm writes
/// node_modules/.package-lock.json on every install, so one newer than both inputs is up to date.
fn npm_ready(dir: &Path) -> bool {
    newer_than(
        &dir.join("node_modules/.package-lock.json"),
        &[dir.join("package-lock.json"), dir.join("package.json")],
    )
}

/// Installs the npm packages of `dir` unless [`npm_ready`], with `env` added to npm's environment,
/// and checks them by the same test afterwards; returns whether npm ran.
fn npm_install(dir: &Path, env: &[(&str, PathBuf)]) -> Result<bool> {
    if on_path("node").is_none() || on_path("npm").is_none() {
        return Err(error(
            "node and npm are not on PATH; wasm-opt and the package tests need Node.js 20 or later",
        ));
    }
    if npm_ready(dir) {
        println!("setup: npm packages in {}: installed", dir.display());
        return Ok(false);
    }
    let verb = if dir.join("package-lock.json").exists() {
        "ci"
    } else {
        "install"
    };
    let mut npm = Cmd::new("npm")
        .args([verb, "--no-audit", "--no-fund"])
        .cwd(dir)
        .minutes(15);
    for (key, value) in env {
        npm = npm.env(key, value);
    }
    npm.run()?;
    if !npm_ready(dir) {
        return Err(error(format!(
            "`npm {verb}` ran in {}, but its node_modules/.package-lock.json is not newer than its \
             package.json and package-lock.json",
            dir.display()
        )));
    }
    Ok(true)
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
        let on_path = |command: &str| command == "chromium" || command == "openssl";
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
        assert_eq!(missing, ["chromium", "chromium-driver", "openssl"]);
        assert!(not_ready(DEBIAN_PACKAGES, |_| true, |_| true).is_empty());
    }

    #[test]
    fn the_fresh_check_installs_every_package_and_a_normal_run_the_missing_ones() {
        let installed = |name: &str| name == "chromium";
        let names = |all| -> Vec<&str> {
            to_install(DEBIAN_PACKAGES, all, installed, |_| true)
                .iter()
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(names(false), ["chromium-driver", "fonts-wqy-microhei", "openssl"]);
        assert_eq!(
            names(true),
            ["chromium", "chromium-driver", "fonts-wqy-microhei", "openssl"]
        );
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-setup-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_default();
        dir
    }

    #[test]
    fn the_fresh_environment_is_empty_and_gone_once_dropped() {
        let base = scratch("fresh");
        let fresh = Fresh::create(&base).ok();
        let dir = fresh.as_ref().map(|f| f.dir.clone()).unwrap_or_default();
        assert!(dir.starts_with(&base), "{}", dir.display());
        let (home, install_root) = fresh.as_ref().map(|f| (f.home(), f.install_root())).unwrap_or_default();
        assert!(home.is_dir() && fs::read_dir(&home).map(|d| d.count()).unwrap_or(1) == 0);
        assert!(install_root.is_dir() && install_root.starts_with(&dir));
        let env = fresh.as_ref().map(Fresh::npm_env).unwrap_or_default();
        assert!(env.contains(&("HOME", home.clone())));
        assert!(env.contains(&("npm_config_cache", home.join(".npm"))));
        let root = Path::new("/repo");
        let copy = fresh
            .as_ref()
            .map(|f| f.npm_project(root, &root.join("tests/js/tcf-oracle")))
            .unwrap_or_default();
        assert_eq!(copy, dir.join("npm/tests/js/tcf-oracle"));
        drop(fresh);
        assert!(!dir.exists());
        fs::remove_dir_all(&base).unwrap_or_default();
    }

    #[test]
    fn a_project_copy_has_its_package_files_and_nothing_installed() {
        let dir = scratch("copy");
        let (from, to) = (dir.join("project"), dir.join("copy"));
        fs::create_dir_all(from.join("node_modules/dep")).unwrap_or_default();
        for file in [
            "package.json",
            "package-lock.json",
            ".npmrc",
            "a.test.mjs",
            "node_modules/.package-lock.json",
        ] {
            fs::write(from.join(file), "{}").unwrap_or_default();
        }
        assert!(npm_ready(&from), "the original looks installed");
        assert!(copy_package_files(&from, &to).is_ok());
        let mut copied: Vec<String> = fs::read_dir(&to)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        copied.sort();
        assert_eq!(copied, [".npmrc", "package-lock.json", "package.json"]);
        assert!(!npm_ready(&to), "the copy must be installed by npm");
        assert!(copy_package_files(&dir.join("none"), &dir.join("none-copy")).is_err());
        fs::remove_dir_all(&dir).unwrap_or_default();
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
