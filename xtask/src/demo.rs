//! `cargo xtask demo`: the shop, its consent API and the receipt log on http://127.0.0.1:8787, in
//! real workerd with the Durable Object's SQLite storage on disk.
//!
//! Everything local lives in the git-ignored `.assent-local/`: the private key set (made on the
//! first run, never served), its public JWKS, the filled-in workerd config and the log's storage
//! (`do/`), which survives restarts. Ctrl-C stops workerd and waits for it. While it runs, the
//! guardian messages the worker's local outbox holds are copied to `.assent-local/outbox.jsonl`
//! (workerd writes no files itself), so the links to open are one `tail -f` away.

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::proc::{heading, Cmd};
use crate::{build, error, setup, Result};

/// Where the demo listens: the address in www/config.capnp.
const ADDRESS: &str = "127.0.0.1:8787";

/// Builds the package, makes the key on the first run, writes the config and serves until Ctrl-C.
pub fn run(root: &Path) -> Result {
    heading("demo: build the package (cargo xtask build)");
    build::run(root)?;
    heading("demo: workerd (npm package in www/)");
    setup::npm_packages(&root.join("www"))?;
    let workerd = root.join("www/node_modules/.bin/workerd");
    if !workerd.is_file() {
        return Err(error(format!("{} is missing after npm ci in www/", workerd.display())));
    }

    let state = root.join(".assent-local");
    fs::create_dir_all(state.join("do"))?;
    keys(root, &state)?;
    secret(&state, "auditor.token", "the auditor token")?;
    secret(&state, "shard.key", "the log's shard key")?;
    let config = state.join("config.capnp");
    let template = fs::read_to_string(root.join("www/config.capnp"))?;
    let version = policy_version()?;
    fs::write(&config, fill_config(&template, &state, root, &version))?;
    println!("demo: wrote {}", config.display());
    if version.is_empty() {
        println!("demo: serving the seed policy (set ASSENT_POLICY_VERSION=1.1.0 to publish a later one)");
    } else {
        println!("demo: serving policy version {version}");
    }

    serve(&workerd, &config, &state)
}

/// The private key set and its JWKS, made with the package's `generateKeySet` on the first run
/// only: the log's receipts stay verifiable across runs because the key stays.
fn keys(root: &Path, state: &Path) -> Result {
    let private = state.join("keys.private.json");
    if private.is_file() {
        println!("demo: signing key: {} (kept from an earlier run)", private.display());
        return Ok(());
    }
    // The node entry of the package just built; the file is written owner-only, like `assent keygen`.
    let script = r#"
        import { writeFileSync } from "node:fs";
        import { pathToFileURL } from "node:url";
        const [pkg, privatePath, jwksPath] = process.argv.slice(1);
        const { generateKeySet } = await import(pathToFileURL(pkg).href);
        const { privateKeySet, publicJwks } = generateKeySet();
        writeFileSync(privatePath, JSON.stringify(privateKeySet, null, 2) + "\n", { mode: 0o600, flag: "wx" });
        writeFileSync(jwksPath, JSON.stringify(publicJwks, null, 2) + "\n");
    "#;
    Cmd::new("node")
        .args(["--input-type=module", "-e", script])
        .arg(root.join("pkg/node.js"))
        .arg(&private)
        .arg(state.join("jwks.json"))
        .run()?;
    println!("demo: made a signing key in {} (keep it private)", private.display());
    Ok(())
}

/// A secret made on the first run from 32 bytes of the system's randomness, owner-only like the
/// key: `auditor.token`, the auditor's bearer token for `GET /v1/log/entries` (the AUDITOR_TOKEN
/// binding), and `shard.key`, the key that puts a subject on its log shard (LOG_SHARD_KEY).
fn secret(state: &Path, name: &str, what: &str) -> Result {
    use std::io::{Read, Write};
    use std::os::unix::fs::OpenOptionsExt;
    let path = state.join(name);
    if path.is_file() {
        println!("demo: {what}: {} (kept from an earlier run)", path.display());
        return Ok(());
    }
    let mut bytes = [0u8; 32];
    fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?
        .write_all(token.as_bytes())?;
    println!("demo: made {what} in {} (keep it private)", path.display());
    Ok(())
}

/// www/config.capnp with its placeholders: the repository relative to the state dir (workerd embeds
/// only relative paths), and the absolute site and state dirs. tests/js/edge.mjs does the same.
/// `policy_version` is the published version in force (empty: the seed).
pub fn fill_config(template: &str, state: &Path, root: &Path, policy_version: &str) -> String {
    template
        .replace("{{ROOT}}", &relative(state, root))
        .replace("{{SITE}}", &root.join("www/site").to_string_lossy())
        .replace("{{STATE}}", &state.to_string_lossy())
        .replace("{{POLICY_VERSION}}", policy_version)
        // One shard: the demo's load fits one (docs/log.md).
        .replace("{{LOG_SHARDS}}", "1")
}

/// The policy version the demo serves: `ASSENT_POLICY_VERSION` (e.g. `1.1.0`, see
/// policies/releases/README.md), or empty for the seed.
fn policy_version() -> Result<String> {
    let v = std::env::var("ASSENT_POLICY_VERSION").unwrap_or_default();
    if !v.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(error(format!(
            "ASSENT_POLICY_VERSION must be a version such as 1.1.0, not {v:?}"
        )));
    }
    Ok(v)
}

/// `to` relative to `from`, both absolute: as many `..` as `from` has components past the common prefix.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn serve(workerd: &Path, config: &Path, state: &Path) -> Result {
    heading(&format!("demo: workerd serve {}", config.display()));
    sigint::catch();
    let mut child = Command::new(workerd)
        .arg("serve")
        .arg(config)
        .current_dir(state)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| error(format!("could not start workerd: {e}")))?;
    let pid = child.id();
    if let Err(e) = wait_listening(&mut child) {
        stop(&mut child, pid);
        return Err(e);
    }
    println!("\nassent demo: serving the shop on http://{ADDRESS}/");
    println!("  consent API   POST http://{ADDRESS}/v1/consent");
    println!("  receipt log   http://{ADDRESS}/v1/log/head (entries: Authorization: Bearer $(cat .assent-local/auditor.token))");
    println!("  public keys   http://{ADDRESS}/.well-known/jwks.json");
    println!("  age gate      http://{ADDRESS}/age");
    println!("  outbox        http://{ADDRESS}/dev/outbox (guardian links; the local config sets DEV_MODE)");
    println!("                and {}", state.join("outbox.jsonl").display());
    println!("  state         {}", state.display());
    println!("Ctrl-C stops it.\n");
    let outbox = state.join("outbox.jsonl");
    let mut copied = fs::read_to_string(&outbox).ok().and_then(|t| last_id(&t)).unwrap_or(0);
    let mut ticks: u32 = 0;
    loop {
        ticks = ticks.wrapping_add(1);
        if ticks.is_multiple_of(10) {
            // Once a second; a failed copy is retried on the next tick and never stops the demo.
            if let Ok(lines) = fetch_outbox(copied) {
                if let Some(id) = last_id(&lines) {
                    let written = fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&outbox)
                        .and_then(|mut f| f.write_all(lines.as_bytes()));
                    if written.is_ok() {
                        copied = id;
                    }
                }
            }
        }
        if let Some(status) = child.try_wait()? {
            return if sigint::caught() || status.success() {
                Ok(())
            } else {
                Err(error(format!("workerd exited ({status})")))
            };
        }
        if sigint::caught() {
            println!("\nassent demo: stopping workerd");
            stop(&mut child, pid);
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The outbox's JSON lines after the id `after` (`GET /dev/outbox.jsonl?after=`), over plain
/// HTTP/1.0 on loopback: the body of a 200, or an error.
fn fetch_outbox(after: u64) -> std::io::Result<String> {
    let address: SocketAddr = ADDRESS
        .parse()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{e}")))?;
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_millis(500))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    write!(
        stream,
        "GET /dev/outbox.jsonl?after={after} HTTP/1.0\r\nHost: {ADDRESS}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    match response.split_once("\r\n\r\n") {
        Some((head, body)) if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200") => {
            Ok(body.to_string())
        }
        _ => Err(std::io::Error::other("the outbox did not answer 200")),
    }
}

/// The id of the last line of the outbox's JSON lines (each starts with `{"id":N,`).
fn last_id(lines: &str) -> Option<u64> {
    let last = lines.lines().rev().find(|l| !l.trim().is_empty())?;
    let rest = last.strip_prefix("{\"id\":")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Waits until workerd accepts connections on [`ADDRESS`], or fails if it exits or takes 30 s.
fn wait_listening(child: &mut Child) -> Result {
    let address: SocketAddr = ADDRESS.parse().map_err(|e| error(format!("{ADDRESS}: {e}")))?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Err(error(format!(
                "workerd exited ({status}) before listening; is {ADDRESS} already in use?"
            )));
        }
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(30) || sigint::caught() {
            return Err(error(format!("workerd did not listen on {ADDRESS} within 30 s")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Forwards SIGINT (a terminal's Ctrl-C reaches workerd too; a `kill -INT` of xtask does not), then
/// SIGTERM, then SIGKILL, each after a few seconds without exit; and waits. The log loses nothing
/// either way: every acknowledged write was committed before its answer left workerd.
fn stop(child: &mut Child, pid: u32) {
    for (signal, grace) in [("-INT", 5), ("-TERM", 5)] {
        let _ = Command::new("kill")
            .args([signal, &pid.to_string()])
            .stderr(Stdio::null())
            .status();
        let until = Instant::now() + Duration::from_secs(grace);
        while Instant::now() < until {
            if matches!(child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Ctrl-C is noted instead of ending xtask at once, so that xtask can see workerd stop first.
#[cfg(unix)]
mod sigint {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CAUGHT: AtomicBool = AtomicBool::new(false);
    const SIGINT: i32 = 2;

    extern "C" fn on_sigint(_: i32) {
        CAUGHT.store(true, Ordering::SeqCst);
    }

    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
    }

    /// Installs the handler. The standard library has no signal API, hence the one FFI call.
    pub fn catch() {
        // SAFETY: `signal` from the C library, with a handler that only stores to an atomic (which
        // is async-signal-safe); the previous handler is not needed.
        unsafe {
            signal(SIGINT, on_sigint);
        }
    }

    /// Whether Ctrl-C was pressed.
    pub fn caught() -> bool {
        CAUGHT.load(Ordering::SeqCst)
    }
}

#[cfg(not(unix))]
mod sigint {
    pub fn catch() {}
    pub fn caught() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_state_dir() {
        assert_eq!(relative(Path::new("/w/repo/.assent-local"), Path::new("/w/repo")), "..");
        assert_eq!(relative(Path::new("/tmp/x"), Path::new("/w/repo")), "../../w/repo");
        assert_eq!(relative(Path::new("/w/repo"), Path::new("/w/repo")), ".");
    }

    #[test]
    fn the_outbox_copy_resumes_after_the_last_line() {
        let lines = "{\"id\":3,\"time\":\"t\"}\n{\"id\":14,\"link\":\"x\"}\n";
        assert_eq!(last_id(lines), Some(14));
        assert_eq!(last_id(""), None);
        assert_eq!(last_id("not json\n"), None);
    }

    #[test]
    fn the_config_template_is_filled_completely() {
        let root = crate::workspace_root();
        let template = fs::read_to_string(root.join("www/config.capnp")).unwrap_or_default();
        assert!(template.contains("{{ROOT}}") && template.contains("{{STATE}}"));
        let state = root.join(".assent-local");
        let filled = fill_config(&template, &state, &root, "1.1.0");
        assert!(!filled.contains("{{"), "{filled}");
        assert!(filled.contains("(name = \"POLICY_VERSION\", text = \"1.1.0\")"));
        assert!(filled.contains("embed \"../pkg/workerd.js\""));
        assert!(filled.contains("enableSql = true"));
        assert!(filled.contains(&format!("{}/do", state.display())));
    }
}
