//! The built `assent` binary, run as people run it: shared by the CLI's tests.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `assent ARGS` in the package's folder with `stdin` as its standard input (or none at
/// all), outside CI whatever runs the tests, since `assent init` asks nothing there.
pub fn assent(args: &[&str], stdin: Option<&str>) -> Run {
    assent_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

/// [`assent`], run in the folder `dir`.
pub fn assent_in<S: AsRef<OsStr>>(dir: &Path, args: &[S], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // A command that fails before reading closes the pipe early; that is its answer.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// An empty folder of one test of one suite, under the system's temporary folder.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assent-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
