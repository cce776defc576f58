//! Running other programs: each command is printed before it runs, reads no stdin (CI has none) and
//! is stopped if it runs over its time bound, so a hung step fails instead of eating CI's 90 minutes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{error, Result};

/// A command to run, with the text shown for it and its time bound.
pub struct Cmd {
    command: Command,
    shown: String,
    bound: Duration,
}

impl Cmd {
    /// A command running `program`, bounded to 10 minutes unless told otherwise.
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref();
        let mut command = Command::new(program);
        command.stdin(Stdio::null());
        Cmd {
            command,
            shown: program.to_string_lossy().into_owned(),
            bound: Duration::from_secs(600),
        }
    }

    /// The cargo that runs this xtask (cargo sets `CARGO`), so nested builds use the same toolchain.
    pub fn cargo() -> Self {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Cmd::new(cargo);
        cmd.shown = "cargo".into();
        cmd
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        let arg = arg.as_ref();
        self.shown.push(' ');
        self.shown.push_str(&arg.to_string_lossy());
        self.command.arg(arg);
        self
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Self {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    /// Sets an environment variable, and shows it before the command.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        let value = value.as_ref();
        self.shown = format!("{key}={} {}", value.to_string_lossy(), self.shown);
        self.command.env(key, value);
        self
    }

    /// Runs in `dir`.
    pub fn cwd(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Bounds the run to `minutes`.
    pub fn minutes(mut self, minutes: u64) -> Self {
        self.bound = Duration::from_secs(minutes * 60);
        self
    }

    /// Runs with the terminal's stdout and stderr; fails unless the command exits with 0.
    pub fn run(mut self) -> Result {
        println!("$ {}", self.shown);
        let mut child = self
            .command
            .spawn()
            .map_err(|e| error(format!("could not start `{}`: {e}", self.shown)))?;
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                return if status.success() {
                    Ok(())
                } else {
                    Err(error(format!("`{}` failed ({status})", self.shown)))
                };
            }
            if started.elapsed() > self.bound {
                // Only the direct child is stopped; CI ends whatever it leaves behind.
                let _ = child.kill();
                let _ = child.wait();
                return Err(error(format!(
                    "`{}` ran past its bound of {} s and was stopped",
                    self.shown,
                    self.bound.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs quietly and returns what it printed on stdout, or `None` if it could not start or failed.
    /// For probes such as `wasm-bindgen --version`, which are quick, so no time bound is kept.
    pub fn probe(mut self) -> Option<String> {
        let output = self.command.stderr(Stdio::null()).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// Where `name` is found on PATH, if it is.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

/// A tool cargo installs: on PATH, or else in cargo's bin folder (PATH may lack it on a fresh machine).
pub fn cargo_tool(name: &str) -> Option<PathBuf> {
    on_path(name).or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
        let candidate = cargo_home.join("bin").join(name);
        is_executable(&candidate).then_some(candidate)
    })
}

/// `dir/name`, if it is an executable file: for a tool looked for in one install root only.
pub fn executable_in(dir: &Path, name: &str) -> Option<PathBuf> {
    let candidate = dir.join(name);
    is_executable(&candidate).then_some(candidate)
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Prints a step's one-line heading.
pub fn heading(text: &str) {
    println!("\n==> {text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_in_a_folder_is_an_executable_file_there_and_nothing_else() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("xtask-proc-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("folder")).unwrap_or_default();
        for (file, mode) in [("tool", 0o755), ("data", 0o644)] {
            std::fs::write(dir.join(file), "#!/bin/sh\n").unwrap_or_default();
            std::fs::set_permissions(dir.join(file), std::fs::Permissions::from_mode(mode)).unwrap_or_default();
        }
        assert_eq!(executable_in(&dir, "tool"), Some(dir.join("tool")));
        assert_eq!(executable_in(&dir, "data"), None);
        assert_eq!(executable_in(&dir, "folder"), None);
        assert_eq!(executable_in(&dir, "missing"), None);
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
