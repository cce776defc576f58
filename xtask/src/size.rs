//! `cargo xtask size`: what a page downloads, gzipped, against the budget, and what makes it big.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::build::{self, Bundle, BROWSER, SIGNING};
use crate::proc::heading;
use crate::wasm_module::{crate_of, function_sizes, without_disambiguators};
use crate::{error, Result};

/// What a page may download of assent, gzipped: the browser entry, its glue and its Wasm module.
pub const BROWSER_BUDGET_GZIP: u64 = 60_000;

/// Builds, then reports.
pub fn run(root: &Path) -> Result {
    build::run(root)?;
    report(root)
}

/// Prints the sizes of pkg/ as built, and fails if the browser bundle is over its budget.
pub fn report(root: &Path) -> Result {
    let pkg = root.join("pkg");
    heading("size: the browser bundle (what a page downloads, with the banner's entry and stylesheet)");
    let browser_total = table(
        &pkg,
        &[
            "browser.js".into(),
            BROWSER.glue_file(),
            BROWSER.wasm_file(),
            "banner.js".into(),
            "assent.css".into(),
        ],
    )?;
    heading("size: the node/workerd bundle (with signing; not sent to pages)");
    table(&pkg, &["workerd.js".into(), SIGNING.glue_file(), SIGNING.wasm_file()])?;
    heading("size: biggest functions in the browser module");
    contributors(root, &BROWSER)?;
    println!();
    if browser_total > BROWSER_BUDGET_GZIP {
        return Err(error(format!(
            "the browser bundle is {browser_total} bytes gzipped, over its budget of {BROWSER_BUDGET_GZIP}"
        )));
    }
    println!(
        "size: browser bundle {browser_total} of {BROWSER_BUDGET_GZIP} bytes gzipped ({}% of the budget)",
        browser_total * 100 / BROWSER_BUDGET_GZIP
    );
    Ok(())
}

/// The report inside `cargo xtask test`: the same figures, but a size target is a report, not a
/// failing test (the project's rule for speed and size targets); over budget, it says so loudly.
pub fn report_only(root: &Path) -> Result {
    match report(root) {
        Ok(()) => Ok(()),
        Err(e) if e.to_string().contains("over its budget") => {
            println!("\nsize: OVER BUDGET: {e}\nsize: reported, not failed; `cargo xtask size` fails on it");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Prints raw and gzip sizes of `files` and their sums; returns the gzip sum.
fn table(pkg: &Path, files: &[String]) -> Result<u64> {
    let (mut raw_sum, mut gz_sum) = (0, 0);
    println!("{:<28} {:>10} {:>10}", "file", "raw", "gzip -9");
    for file in files {
        let path = pkg.join(file);
        let raw = fs::metadata(&path)
            .map_err(|e| error(format!("{}: {e}; run `cargo xtask build`", path.display())))?
            .len();
        let gz = gzip_size(&path)?;
        println!("{file:<28} {raw:>10} {gz:>10}");
        raw_sum += raw;
        gz_sum += gz;
    }
    println!("{:<28} {raw_sum:>10} {gz_sum:>10}", "sum");
    Ok(gz_sum)
}

/// The size of `gzip -9` of a file, as a server with static gzip would send it.
fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .arg(path)
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Err(error(format!("gzip failed on {}", path.display())));
    }
    Ok(out.stdout.len() as u64)
}

/// Lists the biggest functions and crates, from a copy optimized the same way but keeping names.
fn contributors(root: &Path, bundle: &Bundle) -> Result {
    let named = root.join("target").join(format!("{}_bg.named.wasm", bundle.out_name));
    build::optimize(
        root,
        bundle.bindgen_dir(root).join(bundle.wasm_file()),
        named.clone(),
        &["-g"],
    )?;
    let sizes = function_sizes(&fs::read(&named)?)?;
    let code: usize = sizes.iter().map(|f| f.bytes).sum();
    if code == 0 {
        return Err(error("the browser module has no code"));
    }
    println!(
        "{} functions, {code} bytes of code (before gzip); the biggest:",
        sizes.len()
    );
    for f in sizes.iter().take(12) {
        println!(
            "{:>8} {:>5.1}%  {}",
            f.bytes,
            f.bytes as f64 * 100.0 / code as f64,
            shorten(&without_disambiguators(&f.name), 100)
        );
    }
    let mut by_crate: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &sizes {
        *by_crate.entry(crate_of(&f.name)).or_default() += f.bytes;
    }
    let mut by_crate: Vec<_> = by_crate.into_iter().collect();
    by_crate.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    println!("by crate (the first segment of each function's name):");
    for (krate, bytes) in by_crate.iter().take(10) {
        println!("{bytes:>8} {:>5.1}%  {krate}", *bytes as f64 * 100.0 / code as f64);
    }
    Ok(())
}

fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(max).collect::<String>())
    }
}
