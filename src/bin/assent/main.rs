//! The `assent` command-line tool: check a policy, evaluate it for a visitor, print its schema,
//! show the decisions for typical visitors, and compare two versions of a policy.
//!
//! Every argument that names a file to read also takes `-` for standard input (one of them per
//! command), and every command's `--help` ends with an example.

mod demo;
mod diff_cmd;
mod init_cmd;
mod log_cmd;
mod receipt_cmd;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use assent::eval::{Context, Engine};
use assent::policy::{self, Problem, Problems};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "assent",
    version,
    about = "Consent and privacy-policy engine",
    after_help = "Examples:\n  \
        assent init --out consent --worker   a policy, page snippet and worker from a few answers\n  \
        assent check consent/policy.json     every problem with its place and a fix\n  \
        assent completions bash > ~/.local/share/bash-completion/completions/assent\n\n\
        Every FILE argument also takes - for standard input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Write a starter policy, the page snippet and (with --worker) an edge worker from a few
    /// answers: an answers file, flags, or questions asked in a terminal.
    #[command(after_help = "Examples:\n  \
        assent init                                  asks, in a terminal\n  \
        assent init --answers site.json --worker --out consent\n  \
        assent init --site https://shop.example --name 'Example Shop Ltd' --email privacy@shop.example \\\n    \
        --jurisdiction EU,US-CA --stored-in DE --purpose analytics,advertising --locale en,zh-CN\n\n\
        An answers file:\n  \
        {\"site\": \"https://shop.example\", \"controller\": {\"name\": \"Example Shop Ltd\", \"email\": \"privacy@shop.example\"},\n   \
        \"jurisdictions\": [\"EU\", \"US-CA\"], \"storedIn\": [\"DE\"], \"locales\": [\"en\", \"zh-CN\"],\n   \
        \"purposes\": [\"embedded-media\", {\"id\": \"analytics\", \"provider\": \"Example Analytics\",\n   \
        \"providerCountry\": \"DE\", \"cookies\": [\"_ea_*\"]}]}")]
    Init(init_cmd::InitArgs),
    /// Validate a policy; every problem is printed with its place and a fix, and every mark
    /// `assent init` left for the owner to answer is a warning.
    #[command(after_help = "Examples:\n  \
        assent check policies/seed.json\n  \
        curl -s https://shop.example/v1/policy | assent check -\n  \
        assent check --format json policy.json   the problems as JSON, for editors and CI")]
    Check {
        /// The policy JSON file (- for standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fail (exit 1) while a mark is left, for CI.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Decide every purpose of a policy for one visitor context.
    #[command(after_help = "Examples:\n  \
        assent eval policies/seed.json visitor.json --purpose analytics-cookies\n  \
        echo '{\"now\": \"2026-12-01T10:00:00Z\", \"jurisdiction\": \"DE\", \"age\": 34}' | \
        assent eval policies/seed.json -")]
    Eval {
        /// The policy JSON file (- for standard input).
        policy: PathBuf,
        /// The context JSON file (now, jurisdiction, age, gpc, consents, ...; - for standard
        /// input).
        context: PathBuf,
        /// Locale of the messages (overrides the context's).
        #[arg(long)]
        locale: Option<String>,
        /// Decide this purpose only.
        #[arg(long)]
        purpose: Option<String>,
        /// Take the consents from the signed receipts in this folder (every file is one compact
        /// JWS); a receipt that does not verify is reported and ignored.
        #[arg(long, requires = "jwks")]
        receipts: Option<PathBuf>,
        /// The published keys (JWKS) the receipts must verify with (- for standard input).
        #[arg(long, requires = "receipts")]
        jwks: Option<PathBuf>,
        /// Only the receipts of this subject (needed when the folder holds several subjects).
        #[arg(long)]
        subject: Option<String>,
    },
    /// Make a signing key set and its public JWKS, or rotate to a new key.
    #[command(after_help = "Examples:\n  \
        assent keygen --out keys.private.json          writes jwks.json beside it\n  \
        assent keygen --out keys.private.json --rotate  a new active key; the old ones stay published")]
    Keygen(receipt_cmd::KeygenArgs),
    /// Sign, verify and convert consent receipts.
    #[command(
        subcommand,
        after_help = "Example:\n  \
            assent receipt verify --jwks jwks.json receipt.jws"
    )]
    Receipt(receipt_cmd::ReceiptCmd),
    /// Verify the edge's tamper-evident consent log.
    #[command(
        subcommand,
        after_help = "Example:\n  \
            curl -s https://shop.example/v1/log/head | assent log verify --jwks jwks.json --head -"
    )]
    Log(log_cmd::LogCmd),
    /// Print the policy JSON Schema generated from the Rust types.
    #[command(after_help = "Example:\n  \
        assent schema > policy.schema.json   then \"$schema\": \"./policy.schema.json\" in a policy for editor hints")]
    Schema,
    /// Validate a policy and write its compiled form, which pages and workers evaluate without
    /// the validator: a core file and one texts file per locale (docs/compiled-policy.md).
    #[command(after_help = "Example:\n  \
        assent compile policies/seed.json --out dist/policy\n\n\
        writes dist/policy/<id>-<version>.core.json (purposes, resolved jurisdiction rules, \
        earlier versions) and dist/policy/<id>-<version>.<locale>.json for every locale; a page \
        loads the core file and the texts file of its language with loadCompiled(core, [texts]).\n\n  \
        assent compile policies/seed.json --out dist/policy --page-config assent-config.json\n\n\
        also writes dist/policy/stub.html for a static site's <head>.")]
    Compile {
        /// The policy JSON file (- for standard input).
        policy: PathBuf,
        /// The folder to write the files to (made if missing; files of the same name are
        /// replaced).
        #[arg(long)]
        out: PathBuf,
        /// A static site's banner configuration (the JSON of its `assent-config`): also write
        /// stub.html, the data block to paste just before `<script src=".../assent/stub.js">`
        /// (Consent Mode's defaults per region, and whether the TCF stubs are installed).
        #[arg(long, value_name = "CONFIG")]
        page_config: Option<PathBuf>,
        /// Write nothing (exit 1) while a warning of `assent check` is left: a mark for the owner
        /// to answer would otherwise be published as the policy's words.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print what consent covers in a policy version, for the `history` of the next version.
    #[command(after_help = "Example:\n  \
        assent scope policies/seed.json")]
    Scope {
        /// The policy JSON file (- for standard input).
        file: PathBuf,
    },
    /// Compare two versions of a policy: every change with its severity and why, and the plan
    /// for announcing the new version (notice, messages, purposes to ask again).
    #[command(after_help = "Examples:\n  \
        assent diff policies/seed.json policies/versions/seed-1.1.0.json\n  \
        assent diff old.json new.json --format history   the `history` entry to add to new.json")]
    Diff {
        /// The earlier version (- for standard input).
        old: PathBuf,
        /// The later version (- for standard input).
        new: PathBuf,
        /// Output format: text for people, json, or history (the entry NEW keeps for OLD).
        #[arg(long, value_enum, default_value = "text")]
        format: diff_cmd::DiffFormat,
        /// Language of the change summaries in the text output (en, zh-CN).
        #[arg(long)]
        locale: Option<String>,
    },
    /// Print the decisions for a handful of typical visitors as a table.
    #[command(after_help = "Example:\n  \
        assent demo --policy my-policy.json --update my-policy-1.1.json")]
    Demo {
        /// The policy to demonstrate [default: the seed policy, built in].
        #[arg(long)]
        policy: Option<PathBuf>,
        /// A later version of the --policy given, for a returning visitor's column [default:
        /// the seed's 1.1.0 with the built-in seed; none with a policy of yours].
        #[arg(long)]
        update: Option<PathBuf>,
    },
    /// Print a completion script for a shell.
    #[command(after_help = "Examples:\n  \
        assent completions bash > ~/.local/share/bash-completion/completions/assent\n  \
        assent completions zsh > \"${fpath[1]}/_assent\"\n  \
        assent completions fish > ~/.config/fish/completions/assent.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// A failure the tool reports: what, and the exit code.
pub(crate) struct Failure {
    message: String,
    code: u8,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, code: 2 }
    }
}

/// Writes to standard output; a reader that went away (`assent demo | head`) is not an error.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes to standard error, ignoring a closed stream.
pub(crate) fn emit_err(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Whether a `-` argument has read standard input already.
static STDIN_READ: AtomicBool = AtomicBool::new(false);

/// Reads a file, or standard input for `-` (once: a second `-` is an error rather than an
/// empty file).
pub(crate) fn read(path: &Path) -> Result<String, Failure> {
    use std::io::Read as _;
    if path != Path::new("-") {
        return std::fs::read_to_string(path)
            .map_err(|e| Failure::from(format!("cannot read {}: {e}", path.display())));
    }
    if STDIN_READ.swap(true, Ordering::SeqCst) {
        return Err(Failure::from(
            "`-` (standard input) stands for one file only; give the others as paths".to_string(),
        ));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::from(format!("cannot read standard input: {e}")))?;
    Ok(text)
}

/// Refuses a command line that gives `-` for more than one file, before anything is read.
fn one_stdin<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<(), Failure> {
    if paths.into_iter().filter(|p| *p == Path::new("-")).count() > 1 {
        return Err(Failure::from(
            "`-` (standard input) stands for one file only; give the others as paths".to_string(),
        ));
    }
    Ok(())
}

/// A file's name in messages: `<stdin>` for `-`.
pub(crate) fn shown(path: &Path) -> Cow<'_, str> {
    if path == Path::new("-") {
        Cow::Borrowed("<stdin>")
    } else {
        path.to_string_lossy()
    }
}

fn print_problems(file: &Path, problems: &[Problem], format: Format) {
    use std::fmt::Write as _;
    let mut out = String::new();
    match format {
        Format::Json => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(problems).unwrap_or_default());
            emit(&out);
        }
        Format::Text => {
            for p in problems {
                let _ = writeln!(out, "error[{}]: {}", p.code, p.message);
                let _ = match p.line {
                    0 => writeln!(out, "  --> {} at {}", shown(file), p.path),
                    _ => writeln!(out, "  --> {}:{}:{} at {}", shown(file), p.line, p.column, p.path),
                };
                if let Some(h) = &p.hint {
                    let _ = writeln!(out, "  help: {h}");
                }
            }
            let n = problems.len();
            let _ = writeln!(out, "{n} problem{} found", if n == 1 { "" } else { "s" });
            emit_err(&out);
        }
    }
}

/// What a valid policy still leaves to its owner: unflagged transfers, the owner's marks, and
/// languages the banner has no words for; each placed where its value is in `text`.
fn warnings(p: &policy::Policy, text: &str) -> Vec<Problem> {
    let mut marks = policy::unflagged_transfers(p);
    marks.extend(policy::owner_marks(text));
    marks.extend(
        p.locales
            .iter()
            .filter_map(|l| assent::banner::words::missing_language(l, &p.words, "$.words")),
    );
    // A warning found on the typed policy is shown where its value is in the file.
    if marks.iter().any(|m| m.line == 0) {
        let spans = policy::SpanIndex::new(text);
        for m in marks.iter_mut().filter(|m| m.line == 0) {
            (m.line, m.column) = spans.locate(&m.path);
        }
    }
    marks
}

/// With `--deny-warnings`, any warning fails the command.
fn deny(deny_warnings: bool, marks: &[Problem]) -> Result<(), Failure> {
    if deny_warnings && !marks.is_empty() {
        return Err(Failure {
            message: format!(
                "{} warning{} left (--deny-warnings)",
                marks.len(),
                if marks.len() == 1 { "" } else { "s" }
            ),
            code: 1,
        });
    }
    Ok(())
}

/// The warnings on a valid policy (unflagged transfers, then the owner's marks): warnings on standard error, or (JSON) every one with
/// `"severity": "warning"` on standard output (`[]` when there is none).
fn print_warnings(file: &Path, marks: &[Problem], format: Format) {
    use std::fmt::Write as _;
    let mut out = String::new();
    match format {
        Format::Json => {
            let values: Vec<serde_json::Value> = marks
                .iter()
                .filter_map(|m| {
                    let mut v = serde_json::to_value(m).ok()?;
                    v.as_object_mut()?.insert("severity".into(), "warning".into());
                    Some(v)
                })
                .collect();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&values).unwrap_or_default());
            emit(&out);
        }
        Format::Text if marks.is_empty() => {}
        Format::Text => {
            for p in marks {
                let _ = writeln!(out, "warning[{}]: {}", p.code, p.message);
                let _ = match p.line {
                    0 => writeln!(out, "  --> {} at {}", shown(file), p.path),
                    _ => writeln!(out, "  --> {}:{}:{} at {}", shown(file), p.line, p.column, p.path),
                };
                if let Some(h) = &p.hint {
                    let _ = writeln!(out, "  help: {h}");
                }
            }
            let n = marks.iter().filter(|p| p.code == "policy.owner_mark").count();
            if n > 0 {
                let _ = writeln!(
                    out,
                    "{n} mark{} left for the owner to answer",
                    if n == 1 { "" } else { "s" }
                );
            }
            let other = marks.len() - n;
            if other > 0 {
                let plural = if other == 1 { "" } else { "s" };
                let _ = match n {
                    0 => writeln!(out, "{other} warning{plural}"),
                    _ => writeln!(out, "{other} other warning{plural}, besides the marks"),
                };
            }
            emit_err(&out);
        }
    }
}

pub(crate) fn load_engine(file: &Path) -> Result<Engine, Failure> {
    engine_of(file, &read(file)?)
}

/// The engine of `text`, the policy read from `file`; its problems are printed against `file`.
pub(crate) fn engine_of(file: &Path, text: &str) -> Result<Engine, Failure> {
    Engine::from_json(text).map_err(|Problems(ps)| {
        print_problems(file, &ps, Format::Text);
        Failure {
            message: format!("{} is not a valid policy", shown(file)),
            code: 1,
        }
    })
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Init(args) => init_cmd::run(&args),
        Command::Check {
            file,
            format,
            deny_warnings,
        } => {
            let text = read(&file)?;
            match policy::load(&text) {
                Ok(p) => {
                    let marks = warnings(&p, &text);
                    print_warnings(&file, &marks, format);
                    match format {
                        Format::Json => {}
                        Format::Text => emit(&format!(
                            "{}: policy `{}` version {} is valid ({} purposes, {} data categories, {} jurisdiction rules)\n",
                            shown(&file),
                            p.id,
                            p.version,
                            p.purposes.len(),
                            p.data_categories.len(),
                            p.jurisdictions.len()
                        )),
                    }
                    deny(deny_warnings, &marks)
                }
                Err(Problems(ps)) => {
                    print_problems(&file, &ps, format);
                    Err(Failure {
                        message: String::new(),
                        code: 1,
                    })
                }
            }
        }
        Command::Eval {
            policy,
            context,
            locale,
            purpose,
            receipts,
            jwks,
            subject,
        } => {
            one_stdin([policy.as_path(), context.as_path()].into_iter().chain(jwks.as_deref()))?;
            let engine = load_engine(&policy)?;
            let text = read(&context)?;
            let mut ctx: Context = policy::parse_json(&text).map_err(|p| context_failure(&context, p))?;
            if let (Some(dir), Some(jwks)) = (receipts, jwks) {
                ctx.consents = consents_from_receipts(&dir, &jwks, &policy, subject.as_deref(), &ctx.now)?
                    .into_iter()
                    .collect();
            }
            if locale.is_some() {
                ctx.locale = locale;
            }
            let out = match purpose {
                Some(id) => {
                    serde_json::to_string_pretty(&engine.decide(&id, &ctx).map_err(|p| context_failure(&context, p))?)
                }
                None => serde_json::to_string_pretty(&engine.evaluate(&ctx).map_err(|p| context_failure(&context, p))?),
            };
            emit(&format!("{}\n", out.map_err(|e| Failure::from(e.to_string()))?));
            Ok(())
        }
        Command::Keygen(args) => receipt_cmd::run_keygen(args).map_err(Into::into),
        Command::Receipt(cmd) => receipt_cmd::run(cmd).map_err(Into::into),
        Command::Log(cmd) => log_cmd::run(cmd),
        Command::Schema => {
            emit(&assent::schema::policy_schema_json());
            Ok(())
        }
        Command::Compile {
            policy,
            out,
            page_config,
            deny_warnings,
        } => compile(&policy, &out, page_config.as_deref(), deny_warnings),
        Command::Scope { file } => {
            let engine = load_engine(&file)?;
            let out =
                serde_json::to_string_pretty(&engine.policy().scope()).map_err(|e| Failure::from(e.to_string()))?;
            emit(&format!("{out}\n"));
            Ok(())
        }
        Command::Diff {
            old,
            new,
            format,
            locale,
        } => {
            one_stdin([old.as_path(), new.as_path()])?;
            diff_cmd::run(&old, &new, format, locale.as_deref())
        }
        Command::Demo { policy, update } => {
            one_stdin(policy.iter().chain(&update).map(PathBuf::as_path))?;
            demo::run(policy.as_deref(), update.as_deref())
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "assent", &mut script);
            emit(&String::from_utf8_lossy(&script));
            Ok(())
        }
    }
}

/// `assent compile POLICY --out DIR [--page-config CONFIG]`.
fn compile(policy: &Path, out: &Path, page_config: Option<&Path>, deny_warnings: bool) -> Result<(), Failure> {
    let text = read(policy)?;
    let files = assent::api::compile(&text).map_err(|e| {
        print_problems(policy, &e.problems, Format::Text);
        Failure {
            message: format!("{} is not a valid policy", shown(policy)),
            code: 1,
        }
    })?;
    // What `check` warns about is compiled as it stands (a mark is published as the policy's
    // words): said here too, where the owner publishes.
    if let Ok(p) = policy::load(&text) {
        let marks = warnings(&p, &text);
        print_warnings(policy, &marks, Format::Text);
        deny(deny_warnings, &marks)?;
    }
    let stub = page_config.map(|file| stub_html(&text, file)).transpose()?;
    std::fs::create_dir_all(out).map_err(|e| Failure::from(format!("cannot make {}: {e}", out.display())))?;
    let mut report = String::new();
    for file in std::iter::once(&files.core).chain(&files.texts) {
        let path = out.join(&file.name);
        std::fs::write(&path, &file.json)
            .map_err(|e| Failure::from(format!("cannot write {}: {e}", path.display())))?;
        report.push_str(&format!("{} ({} bytes)\n", path.display(), file.json.len()));
    }
    if let Some(html) = stub {
        let path = out.join("stub.html");
        std::fs::write(&path, &html).map_err(|e| Failure::from(format!("cannot write {}: {e}", path.display())))?;
        report.push_str(&format!("{} ({} bytes)\n", path.display(), html.len()));
    }
    emit(&report);
    Ok(())
}

/// The stub's data block for a static site: decided at the time of compiling, for a visitor
/// whose browser sends no Global Privacy Control (the banner's module updates for one that does).
fn stub_html(policy_text: &str, config_file: &Path) -> Result<String, Failure> {
    // `compile` has checked the policy already.
    let loaded =
        assent::api::LoadedPolicy::load(policy_text).map_err(|e| Failure::from(format!("the policy: {e:?}")))?;
    let invalid = |p: assent::policy::Problem| {
        print_problems(config_file, core::slice::from_ref(&p), Format::Text);
        Failure {
            message: format!("{} is not a banner configuration assent can use", shown(config_file)),
            code: 1,
        }
    };
    let config = assent::banner::config::Config::from_json(&read(config_file)?).map_err(invalid)?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .ok_or_else(|| Failure::from("the system clock is before 1970".to_owned()))?;
    let now = assent::time::Timestamp(secs).to_string();
    let data = assent::banner::stub::StubData::for_page(loaded.engine(), &config, &now, false).map_err(invalid)?;
    let html = data.element().map_err(|e| Failure::from(e.to_string()))?;
    Ok(format!("{html}\n"))
}

impl From<receipt_cmd::CmdFailure> for Failure {
    fn from(f: receipt_cmd::CmdFailure) -> Self {
        Failure {
            message: f.message,
            code: f.exit_code,
        }
    }
}

/// The consents recorded by the verified receipts in `dir`. Receipts that do not verify (bad
/// signature, unknown key, expired, another policy, another subject) are reported on standard
/// error and ignored: only what was signed is trusted.
fn consents_from_receipts(
    dir: &Path,
    jwks: &Path,
    policy_file: &Path,
    subject: Option<&str>,
    now: &str,
) -> Result<std::collections::BTreeMap<String, assent::eval::Consent>, Failure> {
    use assent::receipt::{Jwks, PolicyDoc};
    let keys = Jwks::from_json(&read(jwks)?).map_err(|e| Failure::from(format!("{}: {}", shown(jwks), e)))?;
    let doc =
        PolicyDoc::from_json(&read(policy_file)?).map_err(|e| Failure::from(format!("{}: {e}", shown(policy_file))))?;
    let source = assent::compiled::SourcePolicy {
        id: doc.policy.id.clone(),
        version: doc.policy.version.clone(),
        sha256: doc.sha256.clone(),
    };
    let now = assent::time::Timestamp::parse(now).map_err(|e| Failure::from(format!("context now: {}", e.0)))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure::from(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let tokens: Vec<String> = files
        .iter()
        .map(|f| Ok(read(f)?.trim().to_string()))
        .collect::<Result<_, Failure>>()?;
    // A receipt under the current version is checked against this policy's hash; one under an
    // earlier version against its signature and time only (the evaluator then judges whether
    // the purpose changed since).
    let read = assent::api::receipts::consents_from_receipts(&tokens, &keys, now, subject, Some(&source))
        .map_err(|e| Failure::from(format!("receipts: {}", e.message)))?;
    for r in &read.rejected {
        let Some(f) = files.get(r.index) else { continue };
        let still = if read.lapsed.contains(&r.index) {
            " (it still ends the choices before it)"
        } else {
            ""
        };
        emit_err(&format!("ignored {}: [{}] {}{still}\n", f.display(), r.code, r.message));
    }
    // Without --subject, the receipts that count must all be one person's.
    let subjects: std::collections::BTreeSet<String> = tokens
        .iter()
        .filter_map(|t| assent::receipt::decode_unverified(t).ok())
        .filter(|r| read.accepted.contains(&r.receipt_id))
        .map(|r| r.subject)
        .collect();
    if subjects.len() > 1 {
        return Err(Failure::from(format!(
            "the receipts belong to {} subjects; choose one with --subject",
            subjects.len()
        )));
    }
    Ok(read.consents)
}

fn context_failure(file: &Path, p: Problem) -> Failure {
    print_problems(file, &[p], Format::Text);
    Failure {
        message: format!("{} is not a valid context", shown(file)),
        code: 1,
    }
}

/// Under WASI (the npm package's `npx assent`, pkg-config/cli.js), the host's file system is
/// opened at `/` and the runner names the directory it was called from in `PWD`: relative paths
/// are read from there, as natively. Without it, they would be read from `/`.
#[cfg(target_os = "wasi")]
fn start_where_called() {
    if let Some(dir) = std::env::var_os("PWD") {
        if let Err(e) = std::env::set_current_dir(&dir) {
            emit_err(&format!("assent: cannot work in {}: {e}\n", Path::new(&dir).display()));
        }
    }
}

fn main() -> ExitCode {
    #[cfg(target_os = "wasi")]
    start_where_called();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                emit_err(&format!("assent: {}\n", f.message));
            }
            ExitCode::from(f.code)
        }
    }
}
