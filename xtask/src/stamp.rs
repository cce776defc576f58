//! Reusing a build step's outputs when none of its inputs changed.
//!
//! Cargo is incremental, but the steps after it (wasm-bindgen, wasm-opt, the gzip layout, terser)
//! are not, and wasm-opt alone takes most of a minute on the page bundles: without this, every
//! `cargo xtask demo` redid all of it. A step lists its inputs as [`Inputs`], each one reduced to
//! a fingerprint; after it succeeds, the list is written as a stamp beside its outputs. The next
//! run compares the stamp with the inputs it sees then: the same list, and every output still
//! there, means the outputs are the ones these inputs make.

use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::Result;

/// The inputs of a build step, each a name and a fingerprint, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs(Vec<(String, String)>);

impl Inputs {
    /// An empty list.
    pub fn new() -> Self {
        Inputs::default()
    }

    /// An input known by a short text, such as a tool's `--version` line or a setting; the text is
    /// kept as it is, so the stamp says what it was.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
        self.0.push((name.to_owned(), one_line));
        self
    }

    /// An input known by its bytes, such as a module or a lockfile; a file that cannot be read is an
    /// error, since building without it would fail anyway.
    pub fn file(mut self, name: &str, path: &Path) -> Result<Self> {
        let bytes = fs::read(path).map_err(|e| crate::error(format!("{}: {e}", path.display())))?;
        self.0.push((name.to_owned(), fingerprint(&bytes)));
        Ok(self)
    }

    /// Every input of `other` after these.
    pub fn and(mut self, other: &Inputs) -> Self {
        self.0.extend(other.0.iter().cloned());
        self
    }

    /// The stamp's text: one `name fingerprint` line per input.
    pub fn render(&self) -> String {
        self.0.iter().map(|(name, value)| format!("{name} {value}\n")).collect()
    }

    /// The names of the inputs that differ from those a stamp recorded (added, removed or changed),
    /// in the order of these inputs, then those only the stamp had.
    pub fn changed_since(&self, stamp: &str) -> Vec<String> {
        let recorded: Vec<(&str, &str)> = stamp
            .lines()
            .map(|line| line.split_once(' ').unwrap_or((line, "")))
            .collect();
        let mut changed: Vec<String> = self
            .0
            .iter()
            .filter(|(name, value)| !recorded.contains(&(name.as_str(), value.as_str())))
            .map(|(name, _)| name.clone())
            .collect();
        changed.extend(
            recorded
                .iter()
                .filter(|(name, _)| !self.0.iter().any(|(n, _)| n == name))
                .map(|(name, _)| (*name).to_owned()),
        );
        changed
    }
}

/// A 64-bit fingerprint of `bytes`, in hex. std's SipHash with its fixed keys: the same bytes give
/// the same fingerprint for as long as the toolchain (pinned by rust-toolchain.toml) stays; if a
/// new toolchain hashed differently, the only cost would be one rebuild.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    format!("{:016x}-{}", hasher.finish(), bytes.len())
}

/// Whether a step's outputs can be reused, and if not, why.
#[derive(Debug, PartialEq)]
pub enum Freshness {
    /// The stamp matches the inputs and every output is there.
    UpToDate,
    /// The step must run; the reason says what changed.
    Stale(String),
}

/// Compares the stamp at `stamp` with `inputs`, and checks that every one of `outputs` exists.
pub fn check(stamp: &Path, inputs: &Inputs, outputs: &[PathBuf]) -> Freshness {
    let Ok(recorded) = fs::read_to_string(stamp) else {
        return Freshness::Stale("no earlier build".into());
    };
    let changed = inputs.changed_since(&recorded);
    if !changed.is_empty() {
        return Freshness::Stale(format!("changed: {}", changed.join(", ")));
    }
    match outputs.iter().find(|p| !p.is_file()) {
        Some(missing) => Freshness::Stale(format!("{} is missing", missing.display())),
        None => Freshness::UpToDate,
    }
}

/// Removes the stamp before a step runs, so a step that fails or is stopped halfway leaves outputs
/// that no stamp vouches for.
pub fn clear(stamp: &Path) -> Result {
    match fs::remove_file(stamp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Records `inputs` as the ones the outputs beside `stamp` were made from; called after the step
/// succeeded.
pub fn write(stamp: &Path, inputs: &Inputs) -> Result {
    fs::write(stamp, inputs.render())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-stamp-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_default();
        dir
    }

    #[test]
    fn the_same_bytes_give_the_same_fingerprint_and_others_another() {
        assert_eq!(fingerprint(b"module"), fingerprint(b"module"));
        assert_ne!(fingerprint(b"module"), fingerprint(b"modulf"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }

    #[test]
    fn a_changed_added_or_dropped_input_is_named() {
        let before = Inputs::new()
            .text("wasm-opt", "wasm-opt version 132")
            .text("passes", "-Oz");
        let stamp = before.render();
        assert_eq!(stamp, "wasm-opt wasm-opt version 132\npasses -Oz\n");
        assert!(before.changed_since(&stamp).is_empty());
        let newer = Inputs::new()
            .text("wasm-opt", "wasm-opt version 133")
            .text("passes", "-Oz");
        assert_eq!(newer.changed_since(&stamp), ["wasm-opt"]);
        let more = before.clone().text("terser", "5.51.4");
        assert_eq!(more.changed_since(&stamp), ["terser"]);
        assert_eq!(Inputs::new().text("passes", "-Oz").changed_since(&stamp), ["wasm-opt"]);
    }

    #[test]
    fn a_text_input_is_kept_on_one_line() {
        let inputs = Inputs::new().text("node", "v20.20.2\n").text("flags", "a  b\nc");
        assert_eq!(inputs.render(), "node v20.20.2\nflags a b c\n");
        assert!(inputs.changed_since(&inputs.render()).is_empty());
    }

    #[test]
    fn outputs_are_reused_only_with_a_matching_stamp_and_every_output_there() {
        let dir = scratch("check");
        let (input, output, stamp) = (dir.join("in.wasm"), dir.join("out.wasm"), dir.join("stamp"));
        fs::write(&input, b"one").unwrap_or_default();
        let inputs = |path: &Path| Inputs::new().file("wasm", path).unwrap_or_default();
        let outputs = [output.clone()];
        assert!(matches!(check(&stamp, &inputs(&input), &outputs), Freshness::Stale(_)));
        fs::write(&output, b"made").unwrap_or_default();
        write(&stamp, &inputs(&input)).unwrap_or_default();
        assert_eq!(check(&stamp, &inputs(&input), &outputs), Freshness::UpToDate);
        fs::write(&input, b"two").unwrap_or_default();
        assert_eq!(
            check(&stamp, &inputs(&input), &outputs),
            Freshness::Stale("changed: wasm".into())
        );
        fs::write(&input, b"one").unwrap_or_default();
        fs::remove_file(&output).unwrap_or_default();
        assert!(matches!(check(&stamp, &inputs(&input), &outputs), Freshness::Stale(why) if why.contains("missing")));
        clear(&stamp).unwrap_or_default();
        assert!(!stamp.exists());
        assert!(clear(&stamp).is_ok(), "clearing twice is fine");
        assert!(Inputs::new().file("gone", &dir.join("gone")).is_err());
        fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
