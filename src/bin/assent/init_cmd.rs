//! `assent init`: a site owner's first policy, page snippet and (with `--worker`) edge worker,
//! from an answers file, flags, or questions asked in a terminal.
//!
//! The policy itself is the core's ([`assent::starter`]); this reads the answers, asks for the
//! missing ones when a person is there to answer, and writes the files.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assent::policy::owner_marks;
use assent::starter::{self, Answers, PurposeAnswer, Question, LOCALES, PURPOSES};
use clap::Args;

use super::{emit, emit_err, read, shown, Failure};

/// `assent init`.
#[derive(Args)]
pub struct InitArgs {
    /// An answers file (JSON: site, controller {name, email, address, phone}, jurisdictions,
    /// storedIn, purposes, locales, policyUrl, id; - for standard input). Flags override it.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// The site's address (https://your.site).
    #[arg(long)]
    site: Option<String>,
    /// Who is responsible for the site (organisation or person).
    #[arg(long)]
    name: Option<String>,
    /// The privacy contact email.
    #[arg(long)]
    email: Option<String>,
    /// The postal address [default: a mark for you to fill in].
    #[arg(long)]
    address: Option<String>,
    /// The telephone.
    #[arg(long)]
    phone: Option<String>,
    /// Where the visitors are (EU, GB, US, US-CA, CN, KR, IN, ...); repeat or separate by commas.
    #[arg(long = "jurisdiction", value_name = "CODE", value_delimiter = ',')]
    jurisdictions: Vec<String>,
    /// Where the data is stored (country codes); repeat or separate by commas.
    #[arg(long, value_name = "COUNTRY", value_delimiter = ',')]
    stored_in: Vec<String>,
    /// An optional purpose the site uses: analytics, advertising, embedded-media,
    /// personalisation, social-login, transfers-abroad; repeat or separate by commas.
    #[arg(long = "purpose", value_name = "PURPOSE", value_delimiter = ',')]
    purposes: Vec<String>,
    /// A locale of the texts (en, zh-CN, de, fr, es, ja and ko have words; others get marks to
    /// translate); the first is the default [default: en].
    #[arg(long = "locale", alias = "locales", value_name = "LOCALE", value_delimiter = ',')]
    locales: Vec<String>,
    /// The folder to write to.
    #[arg(long, default_value = "assent")]
    out: PathBuf,
    /// Also write a Cloudflare worker, its wrangler.toml and package.json, which serve the policy
    /// at /v1/policy (compiled, for the banner, at /v1/policy/compiled/) and the site's files
    /// from public/.
    #[arg(long)]
    worker: bool,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
    /// Never ask questions, even in a terminal (as when CI=true or standard input is not one).
    #[arg(long)]
    no_input: bool,
}

/// Whether a person can be asked: standard input is a terminal, it is not the answers file, and
/// this is not CI.
fn can_ask(args: &InitArgs) -> bool {
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    !args.no_input && !ci && args.answers.as_deref() != Some(Path::new("-")) && std::io::stdin().is_terminal()
}

/// Asks one question on standard error and reads a line; `None` at the end of input.
fn ask(prompt: &str) -> Result<Option<String>, Failure> {
    emit_err(&format!("{prompt}: "));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let ended = read_line(&mut line).map_err(|e| Failure::from(format!("cannot read the answer: {e}")))?;
    Ok((!ended || !line.is_empty()).then(|| line.trim().to_owned()))
}

/// Reads one line of standard input into `line`; whether the input ended first. A terminal that
/// has no line yet may answer "try again" rather than wait: Node's WASI, which runs this program
/// for `npx assent`, hands it the terminal in non-blocking mode. Then it waits and reads again.
fn read_line(line: &mut String) -> std::io::Result<bool> {
    loop {
        match std::io::stdin().lock().read_line(line) {
            Ok(n) => return Ok(n == 0),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e),
        }
    }
}

fn list(answer: &str) -> Vec<String> {
    answer
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The answers file, then the flags over it, then (in a terminal) a question for each answer
/// still missing.
fn answers(args: &InitArgs) -> Result<Answers, Failure> {
    let mut a: Answers = match &args.answers {
        Some(path) => assent::policy::parse_json(&read(path)?).map_err(|p| {
            emit_err(&format!(
                "error[{}]: {}\n  --> {}:{}:{} at {}\n{}",
                p.code,
                p.message,
                shown(path),
                p.line,
                p.column,
                p.path,
                p.hint.map(|h| format!("  help: {h}\n")).unwrap_or_default()
            ));
            Failure {
                message: format!("{} is not an answers file", shown(path)),
                code: 1,
            }
        })?,
        None => Answers::default(),
    };
    let set = |slot: &mut Option<String>, flag: &Option<String>| {
        if flag.is_some() {
            slot.clone_from(flag);
        }
    };
    set(&mut a.site, &args.site);
    set(&mut a.controller.name, &args.name);
    set(&mut a.controller.email, &args.email);
    set(&mut a.controller.address, &args.address);
    set(&mut a.controller.phone, &args.phone);
    for (slot, flag) in [
        (&mut a.jurisdictions, &args.jurisdictions),
        (&mut a.stored_in, &args.stored_in),
        (&mut a.locales, &args.locales),
    ] {
        if !flag.is_empty() {
            slot.clone_from(flag);
        }
    }
    if !args.purposes.is_empty() {
        a.purposes = args
            .purposes
            .iter()
            .filter(|p| *p != "none")
            .cloned()
            .map(PurposeAnswer::Id)
            .collect();
    }
    if !can_ask(args) {
        return Ok(a);
    }
    let asked_purposes = args.purposes.is_empty() && args.answers.is_none();
    let asked_locales = a.locales.is_empty() && args.answers.is_none();
    for Question { field, prompt, .. } in a.missing() {
        let Some(answer) = ask(prompt)? else { break };
        match field {
            "site" => a.site = Some(answer),
            "controller.name" => a.controller.name = Some(answer),
            "controller.email" => a.controller.email = Some(answer),
            "jurisdictions" => a.jurisdictions = list(&answer),
            _ => a.stored_in = list(&answer),
        }
    }
    if asked_purposes {
        let prompt = format!(
            "Optional purposes the site uses (comma-separated: {}; empty for none)",
            PURPOSES.join(", ")
        );
        if let Some(answer) = ask(&prompt)? {
            a.purposes = list(&answer).into_iter().map(PurposeAnswer::Id).collect();
        }
    }
    if asked_locales {
        let prompt = format!(
            "Locales of the texts (comma-separated; {} have words) [en]",
            LOCALES.join(", ")
        );
        if let Some(answer) = ask(&prompt)? {
            a.locales = list(&answer);
        }
    }
    Ok(a)
}

/// Fills `{{NAME}}`-style placeholders of a template.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |t, (k, v)| t.replace(&format!("{{{{{k}}}}}"), v))
}

/// Today's date by the system clock, `YYYY-MM-DD`.
fn today() -> Result<String, Failure> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .ok_or_else(|| Failure::from("the system clock is before 1970".to_owned()))?;
    Ok(assent::time::Timestamp(secs).date_string())
}

/// What the worker's project keeps out of git: its private signing keys and the secrets of
/// `wrangler dev`.
const SECRET_FILES: [&str; 2] = ["keys.private.json", ".dev.vars"];

/// Writes the worker's `.gitignore` at `path`, or, when the folder has one already (never
/// replaced, not even with `--force`: it is the owner's), names the secret files it leaves out.
/// Returns the line for the report.
fn keep_secrets_out_of_git(path: &Path) -> Result<String, (PathBuf, std::io::Error)> {
    match std::fs::read_to_string(path) {
        Ok(existing) => {
            let missing: Vec<&str> = SECRET_FILES
                .into_iter()
                .filter(|name| {
                    !existing
                        .lines()
                        .any(|line| line.trim().trim_start_matches('/') == *name)
                })
                .collect();
            Ok(if missing.is_empty() {
                String::new()
            } else {
                format!(
                    "kept {}: add {} to it, so the signing keys never reach git\n",
                    path.display(),
                    missing.join(" and ")
                )
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::write(path, include_str!("init/gitignore")).map_err(|e| (path.to_owned(), e))?;
            Ok(format!("wrote {}\n", path.display()))
        }
        Err(e) => Err((path.to_owned(), e)),
    }
}

/// Runs `assent init`.
pub fn run(args: &InitArgs) -> Result<(), Failure> {
    let answers = answers(args)?;
    let policy = starter::starter_policy(&answers, &today()?).map_err(|problems| {
        let mut out = String::new();
        for p in &problems {
            out.push_str(&format!(
                "error[{}]: {}\n  --> answers at {}\n",
                p.code, p.message, p.path
            ));
            if let Some(h) = &p.hint {
                out.push_str(&format!("  help: {h}\n"));
            }
        }
        if !can_ask(args) && problems.iter().any(|p| p.code == "init.missing") {
            out.push_str(
                "(no questions were asked: standard input is not a terminal, CI is set, or --no-input was given)\n",
            );
        }
        emit_err(&out);
        Failure {
            message: format!(
                "{} answer{} to fix",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
            code: 1,
        }
    })?;
    let policy_json = serde_json::to_string_pretty(&policy).map_err(|e| Failure::from(e.to_string()))? + "\n";
    let site = answers.site.clone().unwrap_or_default();
    // The banner reads the compiled policy: the edge compiles the version in force; a static site
    // serves what `assent compile` writes, under the name it gives the core file.
    let core_path = if args.worker {
        "/v1/policy/compiled/core.json".to_string()
    } else {
        format!("/assent/policy/{}-{}.core.json", policy.id, policy.version)
    };
    let mut files: Vec<(&str, String)> = vec![
        ("policy.json", policy_json.clone()),
        (
            "snippet.html",
            starter::page_snippet(&policy, &core_path, args.worker.then_some("/")),
        ),
    ];
    if args.worker {
        let host = site.split("://").last().unwrap_or_default().trim_end_matches('/');
        let values = [
            ("SITE", site.as_str()),
            ("HOST", host),
            ("NAME", &format!("{}-consent", policy.id)),
            ("VERSION", env!("CARGO_PKG_VERSION")),
        ];
        files.push(("worker.js", fill(include_str!("init/worker.js"), &values)));
        files.push(("wrangler.toml", fill(include_str!("init/wrangler.toml"), &values)));
        files.push(("package.json", fill(include_str!("init/package.json"), &values)));
    }
    let out = &args.out;
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .map(|(name, _)| out.join(name))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Failure::from(format!(
                "{} exist{}; give --force to replace, or another --out",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" }
            )));
        }
    }
    let made = |p: &Path, e: std::io::Error| Failure::from(format!("cannot write {}: {e}", p.display()));
    std::fs::create_dir_all(out).map_err(|e| made(out, e))?;
    if args.worker {
        let public = out.join("public");
        std::fs::create_dir_all(&public).map_err(|e| made(&public, e))?;
    }
    let mut report = String::new();
    for (name, text) in &files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| made(&path, e))?;
        report.push_str(&format!("wrote {}\n", path.display()));
    }
    if args.worker {
        report.push_str(&keep_secrets_out_of_git(&out.join(".gitignore")).map_err(|(p, e)| made(&p, e))?);
    }
    let marks = owner_marks(&policy_json);
    let policy_path = out.join("policy.json");
    report.push_str(&format!(
        "\npolicy `{}` {}: {} purpose{}, {} jurisdiction rules, texts in {}\n",
        policy.id,
        policy.version,
        policy.purposes.len(),
        if policy.purposes.len() == 1 { "" } else { "s" },
        policy.jurisdictions.len(),
        policy.locales.join(", ")
    ));
    if !marks.is_empty() {
        report.push_str(&format!(
            "{} places are marked <<owner: ...>> for you to answer; `npx assent check {}` lists them.\n",
            marks.len(),
            policy_path.display()
        ));
    }
    let next = if args.worker {
        format!(
            ", your site's files in {}; then in {}: `npm install`, answer the marks (the worker's build refuses them), and `npx wrangler dev` with the signing key in .dev.vars, or `npx wrangler deploy` (docs/ten-minutes.md, step 4)",
            out.join("public").display(),
            out.display()
        )
    } else {
        format!(
            ", compile the policy (`npx assent compile {} --out public/assent/policy`, again after each change), and serve the package's banner files from /assent/; in a bundled app (Vite, esbuild) compile it the same way and call `run()` of `assent/banner` instead of the snippet (docs/ten-minutes.md, step 3); the banner works while marks are left, answer them before you publish",
            policy_path.display()
        )
    };
    report.push_str(&format!(
        "Next: {} in your pages{next}.\n",
        if args.worker {
            format!("put the lines of {}", out.join("snippet.html").display())
        } else {
            format!(
                "on a static site, put the lines of {}",
                out.join("snippet.html").display()
            )
        },
    ));
    emit(&report);
    Ok(())
}
