//! `cargo xtask size`: what a page downloads, gzipped, against the budget, and what makes it big.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::build::{self, Bundle, BANNER, BANNER_FILES, ENGINE, SIGNING};
use crate::proc::heading;
use crate::wasm_module::{crate_of, function_sizes, module_of, without_disambiguators};
use crate::{error, Result};

/// What a page may download of the engine, gzipped: the browser entry (what `import "assent"`
/// loads in a browser), its glue and its Wasm module.
pub const BROWSER_BUDGET_GZIP: u64 = 60_000;

/// Builds, then reports.
pub fn run(root: &Path) -> Result {
    build::run(root)?;
    report(root)
}

/// Prints the sizes of pkg/ as built, and fails if the engine's browser entry is over its budget.
/// The banner's entry and the node/workerd bundle are reported beside it.
pub fn report(root: &Path) -> Result {
    let pkg = root.join("pkg");
    heading("size: the browser entry (`import \"assent\"` in a page: the engine, without banner or receipts)");
    let browser_total = table(&pkg, &["browser.js".into(), ENGINE.glue_file(), ENGINE.wasm_file()])?;
    heading("size: the banner entry (`assent/banner`: the engine, receipt verification and the banner)");
    let files: Vec<String> = BANNER_FILES.iter().map(|f| (*f).to_owned()).collect();
    table(&pkg, &files)?;
    heading("size: the node/workerd bundle (with signing; not sent to pages)");
    table(&pkg, &["workerd.js".into(), SIGNING.glue_file(), SIGNING.wasm_file()])?;
    heading("size: biggest functions in the banner's module");
    contributors(root, &BANNER)?;
    heading("size: biggest functions in the engine's module");
    let biggest = contributors(root, &ENGINE)?;
    println!();
    if browser_total > BROWSER_BUDGET_GZIP {
        let over = browser_total - BROWSER_BUDGET_GZIP;
        return Err(error(format!(
            "the browser entry is {browser_total} bytes gzipped, {over} bytes ({}%) over its budget of \
             {BROWSER_BUDGET_GZIP}; most of its code: {biggest}",
            over * 100 / BROWSER_BUDGET_GZIP
        )));
    }
    println!(
        "size: browser entry {browser_total} of {BROWSER_BUDGET_GZIP} bytes gzipped ({}% of the budget)",
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

/// Lists the biggest functions, crates and modules of this crate, from a copy optimized the same
/// way but keeping names; returns the five biggest crates or modules, for the verdict.
fn contributors(root: &Path, bundle: &Bundle) -> Result<String> {
    let named = root.join("target").join(format!("{}_bg.named.wasm", bundle.out_name));
    build::optimize(root, bundle, named.clone(), true)?;
    let sizes = function_sizes(&fs::read(&named)?)?;
    let code: usize = sizes.iter().map(|f| f.bytes).sum();
    if code == 0 {
        return Err(error(format!("the module {} has no code", bundle.wasm_file())));
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
    let percent = |bytes: usize| bytes as f64 * 100.0 / code as f64;
    let ranked = |of: &dyn Fn(&str) -> String| {
        let mut totals: BTreeMap<String, usize> = BTreeMap::new();
        for f in &sizes {
            *totals.entry(of(&f.name)).or_default() += f.bytes;
        }
        let mut totals: Vec<_> = totals.into_iter().collect();
        totals.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
        totals
    };
    println!("by crate (the first segment of each function's name):");
    for (krate, bytes) in ranked(&|n| crate_of(n).to_owned()).iter().take(10) {
        println!("{bytes:>8} {:>5.1}%  {krate}", percent(*bytes));
    }
    // "assent" alone says little: its own code is shown by module, everything else by crate.
    let by_module = ranked(&|n| module_of(n));
    println!("by module of assent (other crates as above):");
    for (module, bytes) in by_module.iter().take(14) {
        println!("{bytes:>8} {:>5.1}%  {module}", percent(*bytes));
    }
    Ok(by_module
        .iter()
        .take(5)
        .map(|(module, bytes)| format!("{module} {:.0}%", percent(*bytes)))
        .collect::<Vec<_>>()
        .join(", "))
}

fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(max).collect::<String>())
    }
}
