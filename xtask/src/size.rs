//! `cargo xtask size`: what a page downloads, gzipped, against the budget, and what makes it big.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::build::{
    self, Bundle, ADTECH, ADTECH_FILES, AUTHORING, BANNER, BANNER_FILES, EDGE_PAGE_FILES, ENGINE, FALLBACK_FILES,
    RECEIPTS, RECEIPTS_FILES, SIGNING,
};
use crate::proc::{heading, Cmd};
use crate::wasm_module::{crate_of, function_sizes, module_of, without_disambiguators};
use crate::{error, Result};

/// What a page may download of the engine, gzipped: the browser entry (what `import "assent"`
/// loads in a browser), its glue and its Wasm module.
pub const BROWSER_BUDGET_GZIP: u64 = 30_000;

/// What a page downloads to show the banner and record a choice, gzipped: the banner entry, its
/// glue, its Wasm module, the stylesheet and the compiled policy it reads (the core file and the
/// texts file of the visitor's language).
pub const BANNER_BUDGET_GZIP: u64 = 60_000;

/// Builds, then reports.
pub fn run(root: &Path) -> Result {
    build::run(root)?;
    report(root)
}

/// Prints the sizes of pkg/ as built, and fails if a page's download is over its budget: the
/// engine's browser entry, or what the banner page downloads. The authoring entry and the
/// node/workerd bundle, which no page needs, are reported beside them.
pub fn report(root: &Path) -> Result {
    let pkg = root.join("pkg");
    heading("size: the browser entry (`import \"assent\"` in a page: the engine, reading compiled policies)");
    let browser_total = table(&pkg, &["browser.js".into(), ENGINE.glue_file(), ENGINE.wasm_file()])?;
    heading("size: the banner page (`assent/banner`: the engine and the banner; and the compiled policy it reads, in English)");
    let mut files: Vec<PathBuf> = BANNER_FILES.iter().map(|f| pkg.join(f)).collect();
    files.extend(compiled_seed(root, "en")?);
    let banner_total = table_of(&files)?;
    heading(
        "size: the banner page the edge serves, or a static page with the edge on its origin (`assent/edge-banner.js`, \
         no Wasm: the stub, the script, the stylesheet, and the banner's markup and state as the edge writes \
         them into each page of a first visit, or answers them from `GET /v1/banner`: the age question, the \
         first layer, the second layer)",
    );
    let mut files: Vec<PathBuf> = EDGE_PAGE_FILES.iter().map(|f| pkg.join(f)).collect();
    files.extend(edge_markup(root)?);
    let edge_total = table_of(&files)?;
    heading("size: the receipts module (receipt verification; imported only when there is a receipt to verify: a returning visitor's page, or after a choice; not in the budget)");
    table(&pkg, &RECEIPTS_FILES.map(String::from))?;
    heading(
        "size: the receipts module's Ed25519 fallback (fetched only where WebCrypto has no Ed25519; not in the budget)",
    );
    table(&pkg, &FALLBACK_FILES.map(String::from))?;
    heading("size: the ad-tech module (`__tcfapi`, `__gpp`, TC and GPP strings, the vendor list; imported only on pages of sites with TCF settings; not in the budget)");
    table(&pkg, &ADTECH_FILES.map(String::from))?;
    heading("size: the authoring entry (`assent/authoring`: the full loader, for editors; not needed by pages)");
    table(
        &pkg,
        &["authoring.js".into(), AUTHORING.glue_file(), AUTHORING.wasm_file()],
    )?;
    heading("size: the node/workerd bundle (with signing; not sent to pages)");
    table(&pkg, &["workerd.js".into(), SIGNING.glue_file(), SIGNING.wasm_file()])?;
    heading("size: biggest functions in the banner's module");
    let banner_biggest = contributors(root, &BANNER)?;
    heading("size: biggest functions in the receipts module");
    contributors(root, &RECEIPTS)?;
    heading("size: biggest functions in the ad-tech module");
    contributors(root, &ADTECH)?;
    heading("size: biggest functions in the engine's module");
    let engine_biggest = contributors(root, &ENGINE)?;
    println!();
    let verdicts = [
        budget("the browser entry", browser_total, BROWSER_BUDGET_GZIP, &engine_biggest),
        budget("the banner page", banner_total, BANNER_BUDGET_GZIP, &banner_biggest),
        budget(
            "the banner page the edge serves",
            edge_total,
            BANNER_BUDGET_GZIP,
            "the script, the stylesheet and the markup",
        ),
    ];
    let over: Vec<String> = verdicts.into_iter().filter_map(|v| v.err()).collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(error(over.join("\n")))
    }
}

/// The banner's markup and state that the edge writes into the pages of a first visit to a site
/// with the seed policy, in English (`policy.bannerHtml` of pkg/node.js), one file a page: the age
/// question, the first layer, the second layer; written into target/size-policy/.
fn edge_markup(root: &Path) -> Result<Vec<PathBuf>> {
    let out = root.join("target/size-policy");
    fs::create_dir_all(&out)?;
    let script = "import { readFileSync, writeFileSync } from \"node:fs\";\n\
                  const [node, seed, out] = process.argv.slice(1);\n\
                  const { loadPolicy } = await import(node);\n\
                  const policy = loadPolicy(readFileSync(seed, \"utf8\"));\n\
                  const now = new Date().toISOString();\n\
                  const pages = [\n\
                    [\"age\", { now, jurisdiction: \"DE\" }, {}],\n\
                    [\"first\", { now, jurisdiction: \"DE\", ageBand: \"adult\" }, {}],\n\
                    [\"second\", { now, jurisdiction: \"DE\", ageBand: \"adult\" }, { show: \"second\" }],\n\
                  ];\n\
                  for (const [name, context, options] of pages) {\n\
                    const b = policy.bannerHtml(context, { action: \"/consent/form\", returnTo: \"/\", locale: \"en\", ...options });\n\
                    if (b.shown !== name) throw new Error(`the ${name} page opened ${b.shown}`);\n\
                    writeFileSync(`${out}/edge-banner-${name}.html`, b.html + b.state);\n\
                  }";
    Cmd::new("node")
        .args(["--input-type=module", "-e", script])
        .arg(format!("file://{}", root.join("pkg/node.js").display()))
        .arg(root.join("policies/seed.json"))
        .arg(&out)
        .probe()
        .ok_or_else(|| error("writing the edge's banner markup with pkg/node.js failed; run `cargo xtask build`"))?;
    Ok(["age", "first", "second"]
        .iter()
        .map(|name| out.join(format!("edge-banner-{name}.html")))
        .collect())
}

/// The seed policy compiled as the banner page reads it: its core file and the texts file of
/// `locale`, written by the node entry's `compilePolicy` into target/size-policy/.
fn compiled_seed(root: &Path, locale: &str) -> Result<[PathBuf; 2]> {
    let out = root.join("target/size-policy");
    fs::create_dir_all(&out)?;
    let script = "import { readFileSync, writeFileSync } from \"node:fs\";\n\
                  const [node, seed, out] = process.argv.slice(1);\n\
                  const { compilePolicy } = await import(node);\n\
                  const { core, texts } = compilePolicy(readFileSync(seed, \"utf8\"));\n\
                  for (const f of [core, ...texts]) writeFileSync(`${out}/${f.name}`, f.json);\n\
                  console.log(core.name);";
    let printed = Cmd::new("node")
        .args(["--input-type=module", "-e", script])
        .arg(format!("file://{}", root.join("pkg/node.js").display()))
        .arg(root.join("policies/seed.json"))
        .arg(&out)
        .probe()
        .ok_or_else(|| error("compiling policies/seed.json with pkg/node.js failed; run `cargo xtask build`"))?;
    let core = printed.trim().to_string();
    let texts = core.replace(".core.json", &format!(".{locale}.json"));
    Ok([out.join(core), out.join(texts)])
}

/// Prints how `total` stands against `budget`; over it, says by how much and what is biggest.
fn budget(what: &str, total: u64, budget: u64, biggest: &str) -> core::result::Result<(), String> {
    if total > budget {
        let over = total - budget;
        return Err(format!(
            "{what} is {total} bytes gzipped, {over} bytes ({}%) over its budget of {budget}; most of its \
             code: {biggest}",
            over * 100 / budget
        ));
    }
    println!(
        "size: {what}: {total} of {budget} bytes gzipped ({}% of the budget)",
        total * 100 / budget
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

/// Prints raw and gzip sizes of `files` of pkg/ and their sums; returns the gzip sum.
fn table(pkg: &Path, files: &[String]) -> Result<u64> {
    table_of(&files.iter().map(|f| pkg.join(f)).collect::<Vec<_>>())
}

/// Prints raw and gzip sizes of `files` and their sums; returns the gzip sum.
fn table_of(files: &[PathBuf]) -> Result<u64> {
    let (mut raw_sum, mut gz_sum) = (0, 0);
    println!("{:<28} {:>10} {:>10}", "file", "raw", "gzip -9");
    for path in files {
        let raw = fs::metadata(path)
            .map_err(|e| error(format!("{}: {e}; run `cargo xtask build`", path.display())))?
            .len();
        let gz = gzip_size(path)?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<28} {raw:>10} {gz:>10}");
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
