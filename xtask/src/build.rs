//! `cargo xtask build`: the npm package in pkg/.
//!
//! Three Wasm builds: the engine for pages (no banner, no receipts), the banner's (the engine and
//! the banner), both without the `sign` feature (a page must never carry the signing code), and
//! the node/workerd bundle with it. Each goes through wasm-bindgen `--target web` and wasm-opt,
//! and pkg/ is assembled from the templates in pkg-config/. Beside them, the authoring entry's,
//! and the modules the banner imports only when a page needs them: the receipts module (receipt
//! verification, for a visitor with a receipt to verify), its Ed25519 fallback (a crate of its
//! own), fetched only where the browser's WebCrypto has no Ed25519, and the ad-tech module, for
//! pages that need the TCF or GPP signals.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::proc::{cargo_tool, heading, Cmd};
use crate::stamp::{self, Freshness, Inputs};
use crate::{error, layout, setup, wasm_module, Error, Result};

/// One Wasm build of the crate.
pub struct Bundle {
    /// Its own target dir: cargo names a cdylib without a hash, so two feature sets sharing one
    /// target dir would rebuild the crate each time they alternate.
    target_dir: &'static str,
    /// The cargo package whose library is the module: assent itself, or the Ed25519 fallback.
    package: &'static str,
    features: &'static str,
    /// The cargo profile (Cargo.toml): `browser` is sized for a page, `edge` is fast for a worker.
    profile: &'static str,
    /// wasm-bindgen's `--out-name`: the files are `<out_name>.js` and `<out_name>_bg.wasm`.
    pub out_name: &'static str,
    /// Whether the JS glue stays as written. A page downloads the browser bundles' glue, so it
    /// loses its comments (the same doc comments are in the .d.ts) and is minified; the
    /// node/workerd glue keeps them for reading.
    keep_comments: bool,
    /// The wasm-opt passes (see [`PAGE_PASSES`] for the page bundles').
    passes: &'static [&'static str],
    /// Whether the functions are then put in the order gzip compresses best ([`crate::layout`]):
    /// for what a page downloads.
    gzip_layout: bool,
}

/// The wasm-opt passes of the bundles a page downloads, each measured on the gzipped module:
/// - `--one-caller-inline-max-function-size=10`: a function called from one place is inlined only
///   when it is tiny. By default wasm-opt inlines every such function, however large, and the
///   exports grow into a few huge functions with hundreds of locals, whose code gzip compresses
///   far worse than the same code left in small functions: engine -7.5 KB, banner -21.8 KB, for a
///   few percent more raw bytes;
/// - `--reorder-functions-by-name`: the copies of one generic function, and the functions of one
///   module, end up next to each other, inside gzip's 32 KB window (engine -0.3 KB, banner
///   -3.7 KB). The layout below now decides the final order; this only sets the order it starts
///   from and breaks its ties (without it the engine came out 6 bytes smaller, within noise);
/// - `--converge`: repeat until nothing shrinks.
///
/// The functions are then put in the order gzip compresses best ([`crate::layout`]).
///
/// `--merge-similar-functions` (functions that differ only in constants become one) saved 1.0 KB
/// before the first of these; after them it costs 0.1 KB (engine) and 0.4 KB (banner), so it is
/// not run.
const PAGE_PASSES: &[&str] = &[
    "-Oz",
    "--one-caller-inline-max-function-size=10",
    "--reorder-functions-by-name",
    "--converge",
];

/// The engine for pages (the `browser` condition of the package): compiled policies, decisions
/// and texts; no validator, no banner, no receipts, no signing.
pub const ENGINE: Bundle = Bundle {
    target_dir: "wasm-engine",
    package: "assent",
    features: "wasm,compiled",
    profile: "browser",
    out_name: "assent",
    keep_comments: false,
    passes: PAGE_PASSES,
    gzip_layout: true,
};
/// The banner's bundle (`assent/banner`): the engine and the banner; no receipts, no signing.
pub const BANNER: Bundle = Bundle {
    target_dir: "wasm-browser",
    package: "assent",
    features: "wasm,banner",
    profile: "browser",
    out_name: "assent_banner",
    keep_comments: false,
    passes: PAGE_PASSES,
    gzip_layout: true,
};
/// The authoring entry (`assent/authoring`): the full loader (validator, reader, did-you-mean),
/// `diff` and `compilePolicy`, for editors and tools in a browser; no receipts, no signing.
pub const AUTHORING: Bundle = Bundle {
    target_dir: "wasm-authoring",
    package: "assent",
    features: "wasm,authoring",
    profile: "browser",
    out_name: "assent_authoring",
    keep_comments: false,
    passes: &["-Oz"],
    gzip_layout: false,
};
/// The ad-tech module (`assent_adtech`): `__tcfapi` and `__gpp`, the TC and GPP strings and the
/// site's Global Vendor List. The banner entry imports it only on a page that needs it (a site
/// with TCF settings), so a site without ad tech never downloads it.
pub const ADTECH: Bundle = Bundle {
    target_dir: "wasm-adtech",
    package: "assent",
    features: "wasm,adtech",
    profile: "browser",
    out_name: "assent_adtech",
    keep_comments: false,
    passes: PAGE_PASSES,
    gzip_layout: true,
};
/// The receipts module (`assent_receipts`): receipt verification, every rule in Rust, with the
/// signatures checked by the browser's WebCrypto (no Ed25519 of its own). The banner entry
/// imports it only when there is a receipt to verify (a returning visitor's stored receipts, or
/// the one a choice just got), so a first visit never downloads it.
pub const RECEIPTS: Bundle = Bundle {
    target_dir: "wasm-receipts",
    package: "assent",
    features: "wasm,receipts",
    profile: "browser",
    out_name: "assent_receipts",
    keep_comments: false,
    passes: PAGE_PASSES,
    gzip_layout: true,
};
/// The node and workerd bundle: everything, with receipt signing.
pub const SIGNING: Bundle = Bundle {
    target_dir: "wasm-signing",
    package: "assent",
    features: "wasm,authoring,receipts,sign,compiled",
    profile: "edge",
    out_name: "assent_signing",
    keep_comments: true,
    passes: &["-Oz"],
    gzip_layout: false,
};

/// The receipts module's Ed25519 fallback (`ed25519-fallback/`): one function that checks a
/// signature, which the receipts module fetches only in a browser whose WebCrypto has no Ed25519.
pub const FALLBACK: Bundle = Bundle {
    target_dir: "wasm-ed25519",
    package: "assent-ed25519",
    features: "",
    profile: "browser",
    out_name: "assent_ed25519",
    keep_comments: false,
    passes: PAGE_PASSES,
    gzip_layout: false,
};

/// Wasm features a produced module may use: what rustc enables for wasm32-unknown-unknown by default,
/// all of them in every current browser and in workerd (binaryen lists bulk-memory-opt and
/// call-indirect-overlong apart; they are parts of bulk-memory and reference-types). A feature outside
/// this list fails the build, so a toolchain update cannot quietly raise the runtimes the package needs.
const WASM_FEATURES: [&str; 8] = [
    "mutable-globals",
    "nontrapping-float-to-int",
    "bulk-memory",
    "bulk-memory-opt",
    "sign-ext",
    "reference-types",
    "call-indirect-overlong",
    "multivalue",
];

impl Bundle {
    fn dir(&self, root: &Path) -> PathBuf {
        root.join("target").join(self.target_dir)
    }

    /// wasm-bindgen's output for this bundle, before wasm-opt.
    pub fn bindgen_dir(&self, root: &Path) -> PathBuf {
        self.dir(root).join("bindgen")
    }

    /// The file name of the optimized module in pkg/.
    pub fn wasm_file(&self) -> String {
        format!("{}_bg.wasm", self.out_name)
    }

    /// The file name of the JS glue in pkg/.
    pub fn glue_file(&self) -> String {
        format!("{}.js", self.out_name)
    }

    /// The file name of the glue's type declarations in pkg/.
    fn types_file(&self) -> String {
        format!("{}.d.ts", self.out_name)
    }

    /// The bundle's files in pkg/: its module, glue and types.
    fn files(&self) -> [String; 3] {
        [self.wasm_file(), self.glue_file(), self.types_file()]
    }

    /// Where the bundle's files are made, and kept for the next build to reuse.
    fn out_dir(&self, root: &Path) -> PathBuf {
        self.dir(root).join("out")
    }

    /// Every file a build of this bundle leaves that a later command reads: its files in
    /// [`Self::out_dir`], and wasm-bindgen's module, which `cargo xtask size` optimizes again
    /// keeping names.
    fn outputs(&self, root: &Path) -> Vec<PathBuf> {
        let out = self.out_dir(root);
        let mut outputs: Vec<PathBuf> = self.files().iter().map(|f| out.join(f)).collect();
        outputs.push(self.bindgen_dir(root).join(self.wasm_file()));
        outputs
    }

    /// The settings that decide how its module is processed, for the stamp.
    fn settings(&self) -> String {
        format!(
            "{} keep_comments={} gzip_layout={} passes={}",
            self.out_name,
            self.keep_comments,
            self.gzip_layout,
            self.passes.join(",")
        )
    }
}

/// Builds the three bundles and assembles pkg/.
///
/// Cargo decides what to recompile; the steps after it run for a bundle only when its module, the
/// tools or the xtask code that runs them changed ([`stamp`]), so a build with nothing changed
/// takes seconds instead of the minute wasm-opt needs.
pub fn run(root: &Path) -> Result {
    let started = Instant::now();
    setup::build_tools(root)?;
    let tools = tool_inputs(root)?;
    let pkg = root.join("pkg");
    let stage = root.join("target/pkg-stage");
    if stage.exists() {
        fs::remove_dir_all(&stage)?;
    }
    fs::create_dir_all(&stage)?;
    for bundle in [&ENGINE, &AUTHORING, &BANNER, &RECEIPTS, &ADTECH, &FALLBACK, &SIGNING] {
        heading(&format!(
            "build: the {} bundle (features {})",
            bundle.out_name, bundle.features
        ));
        let module = compile(root, bundle)?;
        let out = bundle.out_dir(root);
        let stamp_file = out.join("inputs.stamp");
        let inputs = Inputs::new()
            .file("module", &module)?
            .and(&tools)
            .text("bundle", &bundle.settings());
        match stamp::check(&stamp_file, &inputs, &bundle.outputs(root)) {
            Freshness::UpToDate => println!(
                "build: {}: reusing {} (its module, the tools and xtask's build code are unchanged)",
                bundle.out_name,
                out.display()
            ),
            Freshness::Stale(why) => {
                println!("build: {}: wasm-bindgen, wasm-opt and terser ({why})", bundle.out_name);
                stamp::clear(&stamp_file)?;
                post_process(root, bundle, &module, &out)?;
                stamp::write(&stamp_file, &inputs)?;
            }
        }
        for file in bundle.files() {
            fs::copy(out.join(&file), stage.join(&file))?;
        }
    }
    heading("build: pkg/ from pkg-config/");
    assemble(root, &stage)?;
    edge_copy(root, &stage)?;
    heading("build: the command-line tool for `npx assent` (wasm32-wasip1)");
    cli_copy(root, &stage)?;
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    fs::rename(&stage, &pkg)?;
    println!("build: wrote {}", pkg.display());
    site_copy(root)?;
    println!("build: done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The xtask code that turns a cargo-built module into a bundle: a change to it must rebuild the
/// bundles even when the module is the same. Other xtask files (the demo, the test suite) do not
/// touch the bundles, so editing them reuses what was built.
const BUILD_CODE: [(&str, &str); 4] = [
    ("xtask/src/build.rs", include_str!("build.rs")),
    ("xtask/src/layout.rs", include_str!("layout.rs")),
    ("xtask/src/wasm_module.rs", include_str!("wasm_module.rs")),
    ("xtask/src/proc.rs", include_str!("proc.rs")),
];

/// The inputs every bundle shares: the versions of the tools that process it (wasm-bindgen,
/// wasm-opt, Node.js, and terser through the lockfile that pins it) and xtask's build code.
fn tool_inputs(root: &Path) -> Result<Inputs> {
    let version = |program: &Path| {
        Cmd::new(program).arg("--version").probe().ok_or_else(|| {
            error(format!(
                "`{} --version` failed; run `cargo xtask setup`",
                program.display()
            ))
        })
    };
    let wasm_bindgen = wasm_bindgen_path()?;
    let mut inputs = Inputs::new()
        .text("wasm-bindgen", &version(&wasm_bindgen)?)
        .text("wasm-opt", &version(&setup::wasm_opt(root))?)
        .text("node", &version(Path::new("node"))?)
        .file("xtask/npm/package-lock.json", &root.join("xtask/npm/package-lock.json"))?;
    for (path, code) in BUILD_CODE {
        inputs = inputs.text(path, &stamp::fingerprint(code.as_bytes()));
    }
    Ok(inputs)
}

fn wasm_bindgen_path() -> Result<PathBuf> {
    cargo_tool("wasm-bindgen").ok_or_else(|| error("wasm-bindgen is not installed; run `cargo xtask setup`"))
}

/// wasm-bindgen, wasm-opt and the renaming: from the module cargo built to the bundle's module,
/// glue and types in `out`.
fn post_process(root: &Path, bundle: &Bundle, module: &Path, out: &Path) -> Result {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)?;
    bindgen(root, bundle, module)?;
    optimize(root, bundle, out.join(bundle.wasm_file()), false)?;
    for file in [bundle.glue_file(), bundle.types_file()] {
        fs::copy(bundle.bindgen_dir(root).join(&file), out.join(&file))?;
    }
    shorten_names(bundle, out)
}

/// The module that the glue hands the Wasm module its imports as, in pkg/.
const GLUE_MODULE: &str = "a";

/// Gives the imports and exports of a bundle's module in `stage` short names, in the module and in
/// its glue alike (see [`wasm_module::with_short_imports`] and [`wasm_module::with_short_exports`]):
/// 1.2 KB of the engine's browser entry, gzipped, and 4.2 KB of the banner's.
///
/// The glue names each import once, as a key of the object it passes to `WebAssembly.instantiate`,
/// and the module once; anything else is an error, since it would mean a wasm-bindgen whose glue
/// this step does not know. It reads the exports as members of one variable that holds the
/// instance's `exports` (`h.name`), found as the one that calls `__wbindgen_start`; only members
/// of that variable are renamed, so an export that shares its name with some other property
/// (`set`, `get`) leaves those alone. `memory` keeps its name, which gains nothing to shorten.
fn shorten_names(bundle: &Bundle, stage: &Path) -> Result {
    let wasm_path = stage.join(bundle.wasm_file());
    let glue_path = stage.join(bundle.glue_file());
    let in_glue = |e: Error| error(format!("{}: {e}", glue_path.display()));
    let from = format!("./{}_bg.js", bundle.out_name);
    let (module, imports) = wasm_module::with_short_imports(&fs::read(&wasm_path)?, &from, GLUE_MODULE)?;
    let (module, exports) = wasm_module::with_short_exports(&module, &["memory"])?;
    let glue = fs::read_to_string(&glue_path)?;
    let instance = exports_variable(&glue).map_err(in_glue)?;
    let mut glue = rename_once(&glue, &format!("\"{from}\""), &format!("\"{GLUE_MODULE}\"")).map_err(in_glue)?;
    for (old, new) in &imports {
        glue = rename_once(&glue, old, new).map_err(in_glue)?;
    }
    for (old, new) in &exports {
        glue = rename_members(&glue, &instance, old, new);
    }
    let dts_path = stage.join(bundle.types_file());
    let dts = with_short_init_output(&fs::read_to_string(&dts_path)?, &exports)
        .map_err(|e| error(format!("{}: {e}", dts_path.display())))?;
    let dts = with_disposable_lib(&dts);
    fs::write(&wasm_path, module)?;
    fs::write(&glue_path, glue)?;
    fs::write(&dts_path, dts)?;
    Ok(())
}

/// The .d.ts asking for TypeScript's `esnext.disposable` lib when its classes declare
/// `[Symbol.dispose]` (wasm-bindgen does): a project whose `lib` stops at ES2023, as Vite's
/// templates' does, then checks it without errors.
fn with_disposable_lib(dts: &str) -> String {
    if dts.contains("[Symbol.dispose]") && !dts.contains("esnext.disposable") {
        format!("/// <reference lib=\"esnext.disposable\" />\n{dts}")
    } else {
        dts.to_string()
    }
}

/// The .d.ts with the members of its `InitOutput` interface (the module's exports, which
/// `initSync` returns) renamed as the module's exports were, so the types say what is there.
/// An export is a member at most once.
fn with_short_init_output(dts: &str, exports: &[(String, String)]) -> Result<String> {
    let start = dts
        .find("export interface InitOutput {")
        .ok_or_else(|| error("no `export interface InitOutput` to rename the exports in"))?;
    let end = dts
        .get(start..)
        .and_then(|rest| rest.find("\n}"))
        .map(|at| start + at)
        .ok_or_else(|| error("`InitOutput` does not end"))?;
    let mut block = dts.get(start..end).unwrap_or_default().to_string();
    for (old, new) in exports {
        let member = format!("readonly {old}:");
        match block.matches(member.as_str()).count() {
            // An export that wasm-bindgen does not declare (`__abort_handler`) stays undeclared.
            0 => {}
            1 => block = block.replacen(&member, &format!("readonly {new}:"), 1),
            n => {
                return Err(error(format!(
                    "`InitOutput` has {n} members `{old}` where xtask expects one"
                )))
            }
        }
    }
    Ok(format!(
        "{}{block}{}",
        dts.get(..start).unwrap_or_default(),
        dts.get(end..).unwrap_or_default()
    ))
}

/// Whether `c` can be part of a JavaScript identifier (as the glue, ASCII, writes them).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The variable through which the glue calls the module's exports: the `h` of its one
/// `h.__wbindgen_start()`.
fn exports_variable(glue: &str) -> Result<String> {
    let calls: Vec<usize> = glue.match_indices(".__wbindgen_start(").map(|(at, _)| at).collect();
    let name = match calls.as_slice() {
        [at] => {
            let head = glue.get(..*at).unwrap_or_default();
            let start = head
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_word(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            head.get(start..).unwrap_or_default()
        }
        _ => "",
    };
    if name.is_empty() {
        return Err(error(format!(
            "the glue calls `__wbindgen_start` {} times, not once through one variable, so xtask cannot tell \
             which variable holds the module's exports",
            calls.len()
        )));
    }
    Ok(name.to_string())
}

/// Where `name` occurs in `text` as a whole word (not inside a longer identifier).
fn whole_words<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    text.match_indices(name).map(|(at, _)| at).filter(move |&at| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + name.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// `text` with every member access `object.name` made `object.new`, where `object` is a variable
/// (not itself a member of something: `x.object.name` is left alone).
fn rename_members(text: &str, object: &str, name: &str, new: &str) -> String {
    let prefix = format!("{object}.");
    let is_member = |at: usize| {
        let head = text.get(..at).unwrap_or_default();
        let before = head.strip_suffix(prefix.as_str());
        before.is_some_and(|b| !b.chars().next_back().is_some_and(|c| is_word(c) || c == '.'))
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for at in whole_words(text, name).filter(|&at| is_member(at)) {
        out.push_str(text.get(copied..at).unwrap_or_default());
        out.push_str(new);
        copied = at + name.len();
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// `text` with `name` replaced by `new`, where `name` must occur exactly once as a whole word
/// (not inside a longer identifier).
fn rename_once(text: &str, name: &str, new: &str) -> Result<String> {
    let whole: Vec<usize> = whole_words(text, name).collect();
    match whole.as_slice() {
        [at] => Ok(format!(
            "{}{new}{}",
            text.get(..*at).unwrap_or_default(),
            text.get(at + name.len()..).unwrap_or_default()
        )),
        found => Err(error(format!(
            "the glue names `{name}` {} times where xtask expects it once; check what the wasm-bindgen \
             glue does with its imports",
            found.len()
        ))),
    }
}

/// The files of pkg/ a page loads for the banner: the stub (the first script of `<head>`), the
/// banner entry, its bundle and stylesheet.
/// Never the signing bundle.
pub const BANNER_FILES: [&str; 5] = [
    "stub.js",
    "banner.js",
    "assent_banner.js",
    "assent_banner_bg.wasm",
    "assent.css",
];

/// The files of pkg/ the banner entry imports only when there is a receipt to verify.
pub const RECEIPTS_FILES: [&str; 2] = ["assent_receipts.js", "assent_receipts_bg.wasm"];

/// The files of pkg/ the banner entry imports only on a page that needs the ad-tech signals.
pub const ADTECH_FILES: [&str; 2] = ["assent_adtech.js", "assent_adtech_bg.wasm"];

/// The files of pkg/ a page the edge serves loads for the banner, with `assent/edge-banner.js`:
/// the stub, the script that posts the edge's forms and adopts its answers, and the stylesheet
/// (which the edge writes into the page while a dialog is open). No Wasm: the edge decides.
pub const EDGE_PAGE_FILES: [&str; 3] = ["stub.js", "edge-banner.js", "assent.css"];

/// The files of pkg/ the receipts module fetches only in a browser whose WebCrypto has no Ed25519.
pub const FALLBACK_FILES: [&str; 2] = ["assent_ed25519.js", "assent_ed25519_bg.wasm"];

/// Copies the banner's files into the demo site (`www/site/assent/`, git-ignored), where the edge
/// serves them as static assets, locally in workerd and on Cloudflare alike.
fn site_copy(root: &Path) -> Result {
    let dir = root.join("www/site/assent");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    for file in BANNER_FILES
        .iter()
        .chain(&["edge-banner.js"])
        .chain(&RECEIPTS_FILES)
        .chain(&FALLBACK_FILES)
        .chain(&ADTECH_FILES)
    {
        fs::copy(root.join("pkg").join(file), dir.join(file))?;
    }
    println!("build: copied the banner's files to {}", dir.display());
    Ok(())
}

/// The edge's modules (www/*.js but the repository's own worker.js) as the package's `assent/edge`
/// entry, in `stage/edge/`: the same files www/worker.js runs, with the package's name imported as
/// its workerd entry beside them. Any other bare import would not resolve in a site's bundle, so
/// it fails the build.
fn edge_copy(root: &Path, stage: &Path) -> Result {
    let www = root.join("www");
    let out = stage.join("edge");
    fs::create_dir_all(&out)?;
    let mut names: Vec<String> = fs::read_dir(&www)?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".js") && n != "worker.js")
        .collect();
    names.sort();
    for name in &names {
        let text = edge_module(&fs::read_to_string(www.join(name))?).map_err(|e| error(format!("www/{name}: {e}")))?;
        fs::write(out.join(name), text)?;
    }
    fs::copy(root.join("pkg-config/edge.d.ts"), out.join("edge.d.ts"))?;
    println!("build: the edge's {} modules in pkg/edge/", names.len());
    Ok(())
}

/// The `assent` command-line tool built for WASI, with the Node runner the package's `bin` names
/// (pkg-config/cli.js), in `stage/cli/`: a site writes, checks and compiles its policy and makes
/// its keys with `npx assent`, without a Rust toolchain. Cargo rebuilds it only when its code
/// changed.
fn cli_copy(root: &Path, stage: &Path) -> Result {
    Cmd::cargo()
        .args([
            "build",
            "--release",
            "--bin",
            "assent",
            "--target",
            setup::CLI_TARGET,
            "--target-dir",
        ])
        .arg(root.join("target/wasm-cli"))
        .cwd(root)
        .minutes(30)
        .run()?;
    let out = stage.join("cli");
    fs::create_dir_all(&out)?;
    let module = root
        .join("target/wasm-cli")
        .join(setup::CLI_TARGET)
        .join("release/assent.wasm");
    fs::copy(&module, out.join("assent.wasm"))?;
    fs::copy(root.join("pkg-config/cli.js"), out.join("assent.js"))?;
    println!(
        "build: pkg/cli/assent.wasm ({} bytes) and its runner",
        fs::metadata(&module)?.len()
    );
    Ok(())
}

/// One edge module as the package ships it: `from "assent"` becomes the workerd entry beside it.
pub fn edge_module(text: &str) -> Result<String> {
    let text = text.replace("from \"assent\";", "from \"../workerd.js\";");
    for (at, _) in text.match_indices(" from \"") {
        let spec = &text[at + 7..];
        let spec = &spec[..spec.find('"').unwrap_or(spec.len())];
        if !(spec.starts_with("./") || spec.starts_with("../") || spec.starts_with("cloudflare:")) {
            return Err(error(format!("imports `{spec}`, which a site's bundle cannot resolve")));
        }
    }
    Ok(text)
}

/// `cargo build` of the bundle's module (a no-op when nothing changed); returns the module's path.
fn compile(root: &Path, bundle: &Bundle) -> Result<PathBuf> {
    Cmd::cargo()
        .args([
            "build",
            "--lib",
            "--package",
            bundle.package,
            "--profile",
            bundle.profile,
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
        ])
        .args(["--features", bundle.features, "--target-dir"])
        .arg(bundle.dir(root))
        .env("CARGO_ENCODED_RUSTFLAGS", rustflags())
        .cwd(root)
        .minutes(30)
        .run()?;
    Ok(bundle
        .dir(root)
        .join("wasm32-unknown-unknown")
        .join(bundle.profile)
        .join(format!("{}.wasm", bundle.package.replace('-', "_"))))
}

/// wasm-bindgen's glue for `wasm`, with the snippets inlined and, for the page bundles, comments
/// stripped and minified.
fn bindgen(root: &Path, bundle: &Bundle, wasm: &Path) -> Result {
    let bindgen = bundle.bindgen_dir(root);
    if bindgen.exists() {
        fs::remove_dir_all(&bindgen)?;
    }
    let wasm_bindgen = wasm_bindgen_path()?;
    Cmd::new(wasm_bindgen)
        .args(["--target", "web", "--out-name", bundle.out_name, "--out-dir"])
        .arg(&bindgen)
        .arg(wasm)
        .run()?;
    let glue_path = bindgen.join(bundle.glue_file());
    let glue = fs::read_to_string(&glue_path)?;
    let inlined = inline_snippets(&glue, |rel| {
        fs::read_to_string(bindgen.join(rel)).map_err(|e| error(format!("{}: {e}", bindgen.join(rel).display())))
    })?;
    if bundle.keep_comments {
        fs::write(&glue_path, inlined)?;
    } else {
        let glue = without_comments(&inlined).map_err(|e| error(format!("{}: {e}", glue_path.display())))?;
        fs::write(&glue_path, glue)?;
        minify(root, &glue_path)?;
    }
    Ok(())
}

/// Minifies an ES module in place with terser (npm, pinned in xtask/npm): names inside it are
/// shortened and dead code dropped; its exports keep their names. The engine's glue goes from
/// 4.0 to 3.0 KB gzipped, the banner's from 7.5 to 6.1 KB.
fn minify(root: &Path, path: &Path) -> Result {
    Cmd::new("node")
        .arg(root.join("xtask/npm/node_modules/terser/bin/terser"))
        .arg(path)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(path)
        .run()
}

/// The rustflags of the Wasm builds: the caller's (`CARGO_ENCODED_RUSTFLAGS`, else `RUSTFLAGS`),
/// then path remappings. Panic
/// messages carry the source file of the code that can panic, and a path under this machine's
/// rustup or cargo home (the toolchain's library source, the registry's folder, named after its
/// host) would be shipped in every module; `/rustc/...` and `/deps/...` stand for them, so the
/// modules say nothing of the machine that built them and are a little smaller (150 B gzipped
/// for the engine's).
fn rustflags() -> String {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) => encoded
            .split('\u{1f}')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    if let Some(sysroot) = Cmd::new("rustc").args(["--print", "sysroot"]).probe() {
        flags.push(format!(
            "--remap-path-prefix={}/lib/rustlib/src/rust=/rustc",
            sysroot.trim()
        ));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(Ok(registries)) = cargo_home.map(|home| fs::read_dir(home.join("registry/src"))) {
        for registry in registries.flatten() {
            flags.push(format!("--remap-path-prefix={}=/deps", registry.path().display()));
        }
    }
    flags.join("\u{1f}")
}

/// The glue without its comment lines: lines that start (after indentation) with `//`, and
/// `/* ... */` blocks that start a line. Code is untouched, so a comment that follows code on its
/// line stays. A text this cannot read safely line by line (a template literal or a string that
/// runs over lines) is refused, so a wasm-bindgen update that writes one fails the build instead
/// of shipping broken JavaScript.
fn without_comments(js: &str) -> Result<String> {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for (n, line) in js.lines().enumerate() {
        let code = line.trim_start();
        if in_block {
            in_block = !code.contains("*/");
            continue;
        }
        if code.starts_with("//") {
            continue;
        }
        if code.starts_with("/*") {
            in_block = !code.contains("*/");
            continue;
        }
        if line.matches('`').count() % 2 == 1 || line.ends_with('\\') {
            return Err(error(format!(
                "line {}: a template literal or string runs over lines; xtask/src/build.rs strips comments \
                 line by line and cannot read it",
                n + 1
            )));
        }
        out.push_str(line);
        out.push('\n');
    }
    if in_block {
        return Err(error("a block comment is not closed"));
    }
    Ok(out)
}

/// Puts the JS files that `#[wasm_bindgen(module = ...)]` imports (src/wasm/interop.rs imports
/// pkg-config/unpack.js) into the glue itself. wasm-bindgen leaves them in a `snippets/` folder
/// with a hash in its name; inlined, the package keeps its file list, which the workerd configs
/// and the site's copy name one by one. An import the glue still has afterwards fails the build.
fn inline_snippets(glue: &str, read: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(glue.len() + 4096);
    let mut bodies = String::new();
    for line in glue.lines() {
        let snippet = line
            .strip_prefix("import ")
            .and_then(|rest| rest.split_once(" from '"))
            .and_then(|(_, from)| from.strip_suffix("';"))
            .and_then(|from| from.strip_prefix("./"))
            .filter(|from| from.starts_with("snippets/"));
        match snippet {
            Some(rel) => {
                bodies.push_str(&format!(
                    "\n// Inlined from {} by `cargo xtask build`.\n",
                    snippet_source(rel)
                ));
                for body_line in read(rel)?.lines() {
                    // Its exports become the glue's own functions, not exports of the glue.
                    bodies.push_str(body_line.strip_prefix("export ").unwrap_or(body_line));
                    bodies.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if out.contains("./snippets/") {
        return Err(error(
            "the wasm-bindgen glue still refers to ./snippets/ after inlining; a snippet import has a form \
             xtask/src/build.rs does not know",
        ));
    }
    out.push_str(&bodies);
    Ok(out)
}

/// A snippet's path in the crate, from its path in wasm-bindgen's output
/// (`snippets/assent-<hash>/pkg-config/unpack.js` is `pkg-config/unpack.js`).
fn snippet_source(rel: &str) -> &str {
    rel.splitn(3, '/').nth(2).unwrap_or(rel)
}

/// Runs wasm-opt with the bundle's passes from wasm-bindgen's module to `output`, after checking
/// the features the module declares, then orders the functions for gzip when the bundle asks for
/// it, and drops the tool sections from a module that ships. `keep_names` is for a copy that keeps
/// the function names, which `cargo xtask size` reads.
pub fn optimize(root: &Path, bundle: &Bundle, output: PathBuf, keep_names: bool) -> Result {
    let input = bundle.bindgen_dir(root).join(bundle.wasm_file());
    let wasm_opt = setup::wasm_opt(root);
    let declared = Cmd::new(&wasm_opt)
        .arg("--print-features")
        .arg(&input)
        .args(["-o", "/dev/null"])
        .probe()
        .ok_or_else(|| error(format!("wasm-opt could not read {}", input.display())))?;
    check_features(&declared).map_err(|e| error(format!("{}: {e}", input.display())))?;
    let features: Vec<String> = WASM_FEATURES.iter().map(|f| format!("--enable-{f}")).collect();
    let names = (keep_names || bundle.gzip_layout).then_some("-g");
    let passed = if bundle.gzip_layout {
        output.with_extension("passes.wasm")
    } else {
        output.clone()
    };
    Cmd::new(&wasm_opt)
        .args(bundle.passes)
        .args(&features)
        .args(names)
        .arg(&input)
        .arg("-o")
        .arg(&passed)
        .run()?;
    if !bundle.gzip_layout {
        return strip_tool_sections(&output, keep_names);
    }
    // The order is told to wasm-opt as names that sort in it; the real names are put back after.
    let module = fs::read(&passed)?;
    let functions = wasm_module::functions(&module)?;
    let order = layout::gzip_order(&functions.bodies);
    let keys: Vec<(usize, String)> = (0..functions.imported)
        .map(|i| (i, format!("i{i:06}")))
        .chain(
            order
                .iter()
                .enumerate()
                .map(|(place, &i)| (functions.imported + i, format!("f{place:06}"))),
        )
        .collect();
    fs::write(&passed, wasm_module::with_function_names(&module, &keys)?)?;
    // No optimisation passes run here, but the levels make wasm-opt write the code as compactly
    // as the passes above did (its stack IR): a body changes only in the indices it calls.
    Cmd::new(&wasm_opt)
        .args(["--optimize-level=2", "--shrink-level=2", "--reorder-functions-by-name"])
        .args(&features)
        .args(keep_names.then_some("-g"))
        .arg(&passed)
        .arg("-o")
        .arg(&output)
        .run()?;
    fs::remove_file(&passed)?;
    if keep_names {
        let names: Vec<(usize, String)> = (0..functions.imported)
            .chain(order.iter().map(|&i| functions.imported + i))
            .enumerate()
            .filter_map(|(now, was)| functions.names.get(&was).map(|n| (now, n.clone())))
            .collect();
        let ordered = fs::read(&output)?;
        let placed = wasm_module::functions(&ordered)?.names;
        let in_order =
            (0..order.len()).all(|place| placed.get(&(functions.imported + place)) == Some(&format!("f{place:06}")));
        if !in_order {
            return Err(error(format!(
                "wasm-opt did not put the functions of {} in the order their names give",
                output.display()
            )));
        }
        fs::write(&output, wasm_module::with_function_names(&ordered, &names)?)?;
    }
    strip_tool_sections(&output, keep_names)
}

/// Drops the custom sections that only say which tools made the module from a module that ships
/// (the copy that keeps names is for reading, and keeps them).
fn strip_tool_sections(module: &Path, keep_names: bool) -> Result {
    if keep_names {
        return Ok(());
    }
    let stripped = wasm_module::without_tool_sections(&fs::read(module)?)?;
    fs::write(module, stripped)?;
    Ok(())
}

/// Fails on a feature, in `wasm-opt --print-features` output, that is not in [`WASM_FEATURES`].
fn check_features(printed: &str) -> Result {
    match printed
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--enable-"))
        .find(|f| !WASM_FEATURES.contains(f))
    {
        Some(feature) => Err(error(format!(
            "the module uses the Wasm feature `{feature}`, outside the supported set {WASM_FEATURES:?}; \
             check which runtimes support it before adding it in xtask/src/build.rs"
        ))),
        None => Ok(()),
    }
}

/// Fills the templates of pkg-config/ into `stage`.
fn assemble(root: &Path, stage: &Path) -> Result {
    let version = package_version(&fs::read_to_string(root.join("Cargo.toml"))?)?;
    // The declarations generated from the Rust types (tests/typescript.rs keeps them current):
    // each bundle's .d.ts imports those it names, and the entries export them all.
    let types = fs::read_to_string(root.join("pkg-config/types.d.ts"))?;
    let generated = api(&types).types;
    fs::write(stage.join("types.d.ts"), &types)?;
    for bundle in [&ENGINE, &BANNER, &RECEIPTS, &AUTHORING, &SIGNING] {
        let path = stage.join(bundle.types_file());
        let dts = with_generated_types(&fs::read_to_string(&path)?, &generated)
            .map_err(|e| error(format!("{}: {e}", path.display())))?;
        fs::write(&path, dts)?;
    }
    let engine_api = api(&fs::read_to_string(stage.join(format!("{}.d.ts", ENGINE.out_name)))?);
    let banner_api = api(&fs::read_to_string(stage.join(format!("{}.d.ts", BANNER.out_name)))?);
    let authoring_api = api(&fs::read_to_string(stage.join(format!("{}.d.ts", AUTHORING.out_name)))?);
    let signing_api = api(&fs::read_to_string(stage.join(format!("{}.d.ts", SIGNING.out_name)))?);
    if [&engine_api, &authoring_api, &banner_api, &signing_api]
        .iter()
        .any(|api| api.values.is_empty())
    {
        return Err(error(
            "wasm-bindgen exported no functions; is src/wasm built with the `wasm` feature?",
        ));
    }
    let templates = root.join("pkg-config");
    for (file, api) in [
        ("package.json", &signing_api),
        ("README.md", &signing_api),
        ("index.d.ts", &signing_api),
        ("browser.js", &engine_api),
        ("browser.d.ts", &engine_api),
        ("authoring.js", &authoring_api),
        ("authoring.d.ts", &authoring_api),
        ("banner.js", &banner_api),
        ("banner.d.ts", &banner_api),
        ("assent.css", &banner_api),
        ("stub.js", &banner_api),
        ("edge-banner.js", &banner_api),
        ("node.js", &signing_api),
        ("workerd.js", &signing_api),
        ("react.js", &banner_api),
        ("react.d.ts", &banner_api),
    ] {
        let template =
            fs::read_to_string(templates.join(file)).map_err(|e| error(format!("pkg-config/{file}: {e}")))?;
        let text = fill(&template, &version, api).map_err(|e| error(format!("pkg-config/{file}: {e}")))?;
        fs::write(stage.join(file), text)?;
    }
    // The two entries pages import, as their glue is.
    for file in ["browser.js", "authoring.js", "banner.js", "edge-banner.js"] {
        minify(root, &stage.join(file))?;
    }
    // The stub is a classic script: minified as one, its top-level function left as it is.
    let stub = stage.join("stub.js");
    Cmd::new("node")
        .arg(root.join("xtask/npm/node_modules/terser/bin/terser"))
        .arg(&stub)
        .args(["--compress", "--mangle", "--output"])
        .arg(&stub)
        .run()?;
    Ok(())
}

/// The names a glue module exports, read from wasm-bindgen's .d.ts for it.
#[derive(Debug, PartialEq)]
pub struct Api {
    /// Functions, classes and enums: values, re-exported by the JS entries.
    pub values: Vec<String>,
    /// Interfaces and type aliases: types only, re-exported by index.d.ts.
    pub types: Vec<String>,
}

/// Reads the exported names from a wasm-bindgen .d.ts, leaving out its init functions and their types:
/// the entries initialize the module themselves.
pub fn api(dts: &str) -> Api {
    const GLUE: [&str; 4] = ["initSync", "InitInput", "InitOutput", "SyncInitInput"];
    let mut api = Api {
        values: Vec::new(),
        types: Vec::new(),
    };
    for line in dts.lines() {
        let Some(rest) = line.strip_prefix("export ") else {
            continue;
        };
        let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        if name.is_empty() || GLUE.contains(&name.as_str()) {
            continue;
        }
        match kind {
            "function" | "class" | "enum" | "const" => api.values.push(name),
            "interface" | "type" => api.types.push(name),
            _ => {}
        }
    }
    api
}

/// A wasm-bindgen .d.ts that imports the generated types it names from `./types.js`. A name it
/// declares itself as well is an error: a shape written twice.
pub fn with_generated_types(dts: &str, generated: &[String]) -> Result<String> {
    let own = api(dts);
    if let Some(twice) = generated
        .iter()
        .find(|name| own.types.contains(name) || own.values.contains(name))
    {
        return Err(error(format!(
            "`{twice}` is declared here and generated from the Rust types: remove the hand-written one"
        )));
    }
    let named: Vec<&str> = generated
        .iter()
        .filter(|name| whole_words(dts, name).next().is_some())
        .map(String::as_str)
        .collect();
    if named.is_empty() {
        return Ok(dts.to_string());
    }
    // Triple-slash directives count only before the first statement: the import goes after them.
    let directives = dts
        .lines()
        .take_while(|l| l.starts_with("///"))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let (head, rest) = dts.split_at(directives.min(dts.len()));
    Ok(format!(
        "{head}import type {{ {} }} from \"./types.js\";\n{rest}",
        named.join(", ")
    ))
}

/// Replaces `__VERSION__`, `__API__` (values, comma-separated) and `__TYPES__` in a template.
pub fn fill(template: &str, version: &str, api: &Api) -> Result<String> {
    let text = template
        .replace("__VERSION__", version)
        .replace("__API__", &api.values.join(", "))
        .replace("__TYPES__", &api.types.join(", "));
    match text
        .match_indices("__")
        .filter_map(|(i, _)| text.get(i..))
        .find(|rest| is_placeholder(rest))
    {
        Some(rest) => Err(error(format!(
            "unknown placeholder at `{}`",
            rest.chars().take(30).collect::<String>()
        ))),
        None => Ok(text),
    }
}

fn is_placeholder(s: &str) -> bool {
    let inner = s.strip_prefix("__").unwrap_or("");
    let name: String = inner.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    !name.is_empty() && inner.get(name.len()..).is_some_and(|r| r.starts_with("__"))
}

/// The `[package]` version in the root Cargo.toml: the npm package carries the same version.
pub fn package_version(manifest: &str) -> Result<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let (true, Some(rest)) = (in_package, line.strip_prefix("version = \"")) {
            return rest
                .strip_suffix('"')
                .map(str::to_owned)
                .ok_or_else(|| error("bad version line in Cargo.toml"));
        }
    }
    Err(error("Cargo.toml has no [package] version"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_module_imports_the_workerd_entry_and_nothing_else_bare() {
        let module = "import { a } from \"assent\";\nimport { b } from \"./http.js\";\n\
                      import { DurableObject } from \"cloudflare:workers\";\n";
        let shipped = edge_module(module).unwrap();
        assert!(shipped.starts_with("import { a } from \"../workerd.js\";"), "{shipped}");
        assert!(shipped.contains("from \"./http.js\""), "{shipped}");
        assert!(edge_module("import x from \"left-pad\";").is_err());
    }

    const DTS: &str = "/* tslint:disable */
export function engineVersion(): string;
export class Policy {
  free(): void;
}
export interface Decision { allowed: boolean }
export type Locale = string;
export type InitInput = RequestInfo | URL;
export interface InitOutput { readonly memory: WebAssembly.Memory; }
export function initSync(module: any): InitOutput;
export default function __wbg_init (module_or_path?: any): Promise<InitOutput>;
";

    #[test]
    fn init_output_members_take_the_short_names() {
        let dts = "export class P {\n  policy_id(): void;\n}\nexport interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly policy_id: (a: number) => [number, number];\n    readonly loadPolicy: (a: any) => number;\n}\nexport function initSync(): InitOutput;\n";
        let exports = [
            ("policy_id".to_string(), "_0".to_string()),
            ("loadPolicy".to_string(), "_1".to_string()),
        ];
        let out = with_short_init_output(dts, &exports).unwrap();
        assert!(out.contains("readonly _0: (a: number) => [number, number];"));
        assert!(out.contains("readonly _1: (a: any) => number;"));
        assert!(out.contains("readonly memory:"));
        assert!(out.contains("  policy_id(): void;"), "only the interface changes");
        let twice = dts.replace(
            "readonly memory:",
            "readonly policy_id: (a: number) => void;\n    readonly memory:",
        );
        assert!(with_short_init_output(&twice, &exports).is_err());
        let undeclared = [("__abort_handler".to_string(), "_2".to_string())];
        assert_eq!(with_short_init_output(dts, &undeclared).unwrap(), dts);
        assert!(with_short_init_output("no interface", &exports).is_err());
    }

    #[test]
    fn members_of_the_exports_variable_are_renamed_and_nothing_else() {
        let glue = "export function set(t){return h.set(t)}h.setX();h.set.call();m.set(1);x.h.set;wh.set;(h.set)";
        assert_eq!(
            rename_members(glue, "h", "set", "_4"),
            "export function set(t){return h._4(t)}h.setX();h._4.call();m.set(1);x.h.set;wh.set;(h._4)"
        );
        assert_eq!(rename_members("nothing here", "h", "set", "_4"), "nothing here");
        assert_eq!(
            exports_variable("function v(t){return C=t.exports,C.__wbindgen_start(),C}")
                .ok()
                .as_deref(),
            Some("C")
        );
        assert_eq!(
            exports_variable("wasm.__wbindgen_start();").ok().as_deref(),
            Some("wasm")
        );
        assert!(exports_variable("no start here").is_err());
        assert!(exports_variable("a.__wbindgen_start();b.__wbindgen_start()").is_err());
        assert!(exports_variable(" .__wbindgen_start()").is_err());
    }

    #[test]
    fn a_name_is_renamed_only_where_it_is_a_whole_word_once() {
        let glue = r#"const t={__wbg_get_1a:function(){},__wbg_get_1ab:function(){}};return{"./x_bg.js":t}"#;
        let once = rename_once(glue, "__wbg_get_1a", "_0").unwrap_or_default();
        assert_eq!(
            once,
            r#"const t={_0:function(){},__wbg_get_1ab:function(){}};return{"./x_bg.js":t}"#
        );
        let module = rename_once(&once, "\"./x_bg.js\"", "\"a\"").unwrap_or_default();
        assert!(module.ends_with(r#"return{"a":t}"#));
        assert!(rename_once(glue, "__wbg_missing", "_1").is_err());
        assert!(rename_once("a.x_1;b.x_1", "x_1", "_2").is_err(), "twice");
        assert!(rename_once("x_12", "x_1", "_2").is_err(), "only inside a longer name");
    }

    #[test]
    fn comments_go_and_code_stays() {
        let js = "/**\n * Doc.\n */\nexport function f() {\n    // why\n    return 1; // stays\n}\n/* one line */\nconst u = \"http://x\";\n";
        assert_eq!(
            without_comments(js).unwrap(),
            "export function f() {\n    return 1; // stays\n}\nconst u = \"http://x\";\n"
        );
        assert!(without_comments("const a = `\n// not a comment\n`;\n").is_err());
        assert!(without_comments("/* open\n").is_err());
    }

    #[test]
    fn a_bundle_imports_the_generated_types_it_names_and_declares_none_of_them() {
        let generated = ["Context".to_string(), "Evaluation".to_string(), "Unused".to_string()];
        let dts = "export function evaluate(c: Context): Evaluation;\nexport interface ContextMenu {}\n";
        assert_eq!(
            with_generated_types(dts, &generated).unwrap(),
            format!("import type {{ Context, Evaluation }} from \"./types.js\";\n{dts}")
        );
        assert_eq!(
            with_generated_types("export function f(): void;\n", &generated).unwrap(),
            "export function f(): void;\n"
        );
        let twice = "export interface Context { now: string }\n";
        assert!(with_generated_types(twice, &generated).is_err());
    }

    #[test]
    fn api_lists_the_exports_without_the_init_glue() {
        let api = api(DTS);
        assert_eq!(api.values, ["engineVersion", "Policy"]);
        assert_eq!(api.types, ["Decision", "Locale"]);
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        let api = api(DTS);
        let text = fill("v__VERSION__ { __API__ } type { __TYPES__ } __wbg_x", "1.2.3", &api);
        assert_eq!(
            text.ok().as_deref(),
            Some("v1.2.3 { engineVersion, Policy } type { Decision, Locale } __wbg_x")
        );
    }

    #[test]
    fn fill_rejects_an_unknown_placeholder() {
        let api = api(DTS);
        assert!(fill("__wbg_init; export { __APIS__ }", "1.0.0", &api).is_err());
    }

    #[test]
    fn snippets_are_inlined_without_their_exports() {
        let glue = "import { unpack } from './snippets/assent-0123/pkg-config/unpack.js';\n\
                    let wasm;\nexport function loadPolicy() { return unpack(1, 2); }\n";
        let out = inline_snippets(glue, |rel| {
            assert_eq!(rel, "snippets/assent-0123/pkg-config/unpack.js");
            Ok("// unpack\nexport function unpack(text, shape) {\n  return text;\n}\n".into())
        })
        .unwrap();
        assert!(!out.contains("snippets/"), "{out}");
        assert!(out.contains("\nfunction unpack(text, shape) {"), "{out}");
        assert!(out.contains("Inlined from pkg-config/unpack.js"), "{out}");
        assert!(out.contains("export function loadPolicy()"), "{out}");
        // A snippet import of another form is refused, not left dangling.
        let odd = "import * as u from \"./snippets/assent-0123/x.js\";\n";
        assert!(inline_snippets(odd, |_| Ok(String::new())).is_err());
    }

    #[test]
    fn features_beyond_the_supported_set_fail_the_build() {
        assert!(check_features("--enable-sign-ext\n--enable-reference-types\n").is_ok());
        assert!(check_features("--enable-sign-ext\n--enable-exception-handling\n").is_err());
    }

    #[test]
    fn package_version_reads_the_package_table_only() {
        let manifest = "[dependencies]\nversion = \"9\"\n[package]\nname = \"assent\"\nversion = \"0.4.1\"\n";
        assert_eq!(package_version(manifest).ok().as_deref(), Some("0.4.1"));
        assert!(package_version("[workspace]\n").is_err());
    }
}
