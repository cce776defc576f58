//! `assent keygen` and `assent receipt sign | verify | kantara`: the receipt commands.
//!
//! The shell around `assent::receipt`: it reads files, the system clock and the operating
//! system's random source, none of which the core touches. To wire it into the CLI:
//!
//! ```ignore
//! mod receipt_cmd;
//! // in the Command enum:
//! /// Make a signing key set and its public JWKS, or rotate to a new key.
//! Keygen(receipt_cmd::KeygenArgs),
//! /// Sign, verify and convert consent receipts.
//! #[command(subcommand)]
//! Receipt(receipt_cmd::ReceiptCmd),
//! // in run():
//! Command::Keygen(args) => receipt_cmd::run_keygen(args).map_err(Into::into),
//! Command::Receipt(cmd) => receipt_cmd::run(cmd).map_err(Into::into),
//! ```
//!
//! with `impl From<receipt_cmd::CmdFailure> for Failure` carrying `message` and `exit_code`.

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use assent::policy::parse_json;
use assent::receipt::jwk::b64url;
use assent::receipt::{
    build_receipt, chain_link, decode_unverified, new_receipt_id, sign_receipt, to_kantara, verify, verify_signed,
    Choice, Jwks, PolicyDoc, ReceiptError, SigningKeySet, VerifyOptions,
};
use assent::time::Timestamp;
use clap::{Args, Subcommand};

/// The largest receipt, key or choice file read (a receipt token is at most 16 KiB).
const MAX_SMALL_FILE: u64 = 256 * 1024;
/// The largest policy file read (as `policy::load` allows).
const MAX_POLICY_FILE: u64 = 2 * 1024 * 1024 + 1;

/// `assent keygen`: make a private key set with one active key, and its public JWKS.
#[derive(Args, Debug, Clone)]
pub struct KeygenArgs {
    /// Where to write the private key set (created with owner-only permissions; an existing
    /// file is never overwritten, except by --rotate).
    #[arg(long, default_value = "assent-keys.private.json")]
    pub out: PathBuf,
    /// Where to write the public JWKS to publish at /.well-known/jwks.json [default: jwks.json
    /// beside --out]. Keys already in it are kept.
    #[arg(long)]
    pub jwks: Option<PathBuf>,
    /// Add a new active key to the existing set at --out; older keys stay, retired.
    #[arg(long)]
    pub rotate: bool,
}

/// `assent receipt ...`: sign, verify and convert consent receipts.
#[derive(Subcommand, Debug, Clone)]
pub enum ReceiptCmd {
    /// Sign a person's choice; prints the receipt as a compact JWS.
    #[command(after_help = "Example:\n  \
        assent receipt sign --key keys.private.json --policy policies/seed.json choice.json > receipt.jws")]
    Sign(SignArgs),
    /// Verify a receipt; prints its payload and exits 0 when valid, prints the error code and
    /// exits 1 when not.
    #[command(after_help = "Examples:\n  \
        assent receipt verify --jwks jwks.json receipt.jws --policy policies/seed.json\n  \
        pbpaste | assent receipt verify --jwks jwks.json -")]
    Verify(VerifyArgs),
    /// Print a receipt as a Kantara Consent Receipt v1.1 document.
    #[command(after_help = "Example:\n  \
        assent receipt kantara receipt.jws --jwks jwks.json --policy policies/seed.json")]
    Kantara(KantaraArgs),
}

/// `assent receipt sign`.
#[derive(Args, Debug, Clone)]
pub struct SignArgs {
    /// The private key set (from `assent keygen`; - for standard input).
    #[arg(long)]
    pub key: PathBuf,
    /// The choice: subject, actor, jurisdiction, locale, purposes with their states,
    /// collectionMethod, and optionally ageBand, shownTexts, validity, prev (- for standard
    /// input).
    pub choices: PathBuf,
    /// The policy document the notice was built from (without it, the choice must carry
    /// policy, controller and noticeSha256 or shownTexts; - for standard input).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The time to record (RFC 3339) [default: the system clock].
    #[arg(long)]
    pub now: Option<String>,
    /// The subject's previous receipt, to link this one to it.
    #[arg(long)]
    pub prev: Option<PathBuf>,
    /// The receipt id (a UUID v4) [default: a random one].
    #[arg(long)]
    pub id: Option<String>,
}

/// `assent receipt verify`.
#[derive(Args, Debug, Clone)]
pub struct VerifyArgs {
    /// The site's public JWKS (- for standard input).
    #[arg(long)]
    pub jwks: PathBuf,
    /// The receipt (a file holding the compact JWS, or - for standard input).
    pub receipt: PathBuf,
    /// Also check that the receipt was given under this policy document (- for standard input).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Also check that the receipt follows this previous receipt.
    #[arg(long)]
    pub prev: Option<PathBuf>,
    /// The time to check expiry against (RFC 3339) [default: the system clock].
    #[arg(long)]
    pub now: Option<String>,
}

/// `assent receipt kantara`.
#[derive(Args, Debug, Clone)]
pub struct KantaraArgs {
    /// The receipt (a file holding the compact JWS, or - for standard input).
    pub receipt: PathBuf,
    /// The policy document, for purpose names, data categories, retention and recipients.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The public JWKS: check the signature first (a receipt stays a record of what was
    /// chosen after it expires, so expiry is not checked here).
    #[arg(long)]
    pub jwks: Option<PathBuf>,
}

/// Why a command failed, and its exit code: 1 when a receipt is refused, 2 for bad input,
/// files and keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdFailure {
    /// What to print on standard error.
    pub message: String,
    /// The process exit code.
    pub exit_code: u8,
}

impl From<String> for CmdFailure {
    fn from(message: String) -> Self {
        Self { message, exit_code: 2 }
    }
}

impl From<CmdFailure> for String {
    fn from(f: CmdFailure) -> Self {
        f.message
    }
}

fn receipt_error(e: &ReceiptError) -> String {
    format!("error[{}]: {}\n  help: {}", e.code, e.message, e.hint())
}

/// A refused receipt: exit code 1.
fn refused(e: &ReceiptError) -> CmdFailure {
    CmdFailure {
        message: receipt_error(e),
        exit_code: 1,
    }
}

fn input(e: &ReceiptError) -> CmdFailure {
    CmdFailure::from(receipt_error(e))
}

/// Whether a `-` argument has read standard input already.
static STDIN_READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn read_limited(path: &Path, max: u64) -> Result<String, CmdFailure> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        if STDIN_READ.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Err(CmdFailure::from(
                "`-` (standard input) stands for one file only; give the others as paths".to_owned(),
            ));
        }
        std::io::stdin().take(max).read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max).read_to_string(&mut text))
    };
    read.map_err(|e| CmdFailure::from(format!("cannot read {}: {e}", path.display())))?;
    if text.len() as u64 >= max {
        return Err(CmdFailure::from(format!(
            "{} is larger than {max} bytes",
            path.display()
        )));
    }
    Ok(text)
}

fn read_token(path: &Path) -> Result<String, CmdFailure> {
    Ok(read_limited(path, MAX_SMALL_FILE)?.trim().to_owned())
}

fn read_policy(path: &Path) -> Result<PolicyDoc, CmdFailure> {
    PolicyDoc::from_json(&read_limited(path, MAX_POLICY_FILE)?)
        .map_err(|e| CmdFailure::from(format!("{}: {}", path.display(), receipt_error(&e))))
}

fn read_jwks(path: &Path) -> Result<Jwks, CmdFailure> {
    Jwks::from_json(&read_limited(path, MAX_SMALL_FILE)?)
        .map_err(|e| CmdFailure::from(format!("{}: {}", path.display(), receipt_error(&e))))
}

fn now_or_clock(now: Option<&str>) -> Result<Timestamp, CmdFailure> {
    match now {
        Some(s) => Timestamp::parse(s).map_err(|e| CmdFailure::from(format!("--now: {e}"))),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_secs()).ok())
            .map(Timestamp)
            .ok_or_else(|| CmdFailure::from("the system clock is before 1970".to_owned())),
    }
}

fn random<const N: usize>() -> Result<[u8; N], CmdFailure> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| CmdFailure::from(format!("no randomness from the operating system: {e}")))?;
    Ok(bytes)
}

/// Writes a file that holds private keys: owner-only permissions, written beside the target
/// and renamed into place, so a crash never leaves half a key set.
fn write_private(path: &Path, text: &str, replace: bool) -> Result<(), CmdFailure> {
    let fail = |e: std::io::Error| CmdFailure::from(format!("cannot write {}: {e}", path.display()));
    if !replace && path.exists() {
        return Err(CmdFailure::from(format!(
            "{} exists; a private key set is never overwritten (use --rotate to add a key)",
            path.display()
        )));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    // A stale temporary file could have looser permissions; start from none.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.write_all(b"\n").map_err(fail)?;
    file.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// Runs `assent keygen`, printing the public JWKS on standard output.
pub fn run_keygen(args: KeygenArgs) -> Result<(), CmdFailure> {
    run_keygen_to(args, &mut std::io::stdout())
}

/// [`run_keygen`], writing to `out`.
pub fn run_keygen_to(args: KeygenArgs, out: &mut dyn Write) -> Result<(), CmdFailure> {
    let jwks_path = args
        .jwks
        .clone()
        .unwrap_or_else(|| args.out.parent().unwrap_or_else(|| Path::new("")).join("jwks.json"));
    let keys = if args.rotate {
        let text = read_limited(&args.out, MAX_SMALL_FILE)?;
        let mut keys = SigningKeySet::from_json(&text)
            .map_err(|e| CmdFailure::from(format!("{}: {}", args.out.display(), receipt_error(&e))))?;
        keys.rotate(random()?).map_err(|e| input(&e))?;
        keys
    } else {
        SigningKeySet::generate(random()?)
    };
    // Never drop a key that was published before, even one no longer in the private set.
    let published = if jwks_path.exists() {
        read_jwks(&jwks_path)?.union(&keys.public_jwks())
    } else {
        keys.public_jwks()
    };
    write_private(&args.out, &keys.to_json_pretty(), args.rotate)?;
    let public = published.to_json_pretty();
    std::fs::write(&jwks_path, format!("{public}\n"))
        .map_err(|e| CmdFailure::from(format!("cannot write {}: {e}", jwks_path.display())))?;
    eprintln!(
        "wrote the private key set to {} (active key {}); keep it secret",
        args.out.display(),
        keys.active_kid()
    );
    eprintln!(
        "wrote the public JWKS ({} key{}) to {}; the edge serves it at /.well-known/jwks.json (publish it there yourself only without the edge)",
        published.len(),
        if published.len() == 1 { "" } else { "s" },
        jwks_path.display()
    );
    writeln!(out, "{public}").map_err(|e| CmdFailure::from(e.to_string()))
}

/// Runs a `receipt` subcommand, printing its result on standard output.
pub fn run(cmd: ReceiptCmd) -> Result<(), CmdFailure> {
    run_to(cmd, &mut std::io::stdout())
}

/// [`run`], writing to `out`.
pub fn run_to(cmd: ReceiptCmd, out: &mut dyn Write) -> Result<(), CmdFailure> {
    let text = match cmd {
        ReceiptCmd::Sign(args) => sign(&args)?,
        ReceiptCmd::Verify(args) => verify_cmd(&args)?,
        ReceiptCmd::Kantara(args) => kantara(&args)?,
    };
    writeln!(out, "{text}").map_err(|e| CmdFailure::from(e.to_string()))
}

fn sign(args: &SignArgs) -> Result<String, CmdFailure> {
    let keys = SigningKeySet::from_json(&read_limited(&args.key, MAX_SMALL_FILE)?)
        .map_err(|e| CmdFailure::from(format!("{}: {}", args.key.display(), receipt_error(&e))))?;
    let mut choice: Choice = parse_json(&read_limited(&args.choices, MAX_SMALL_FILE)?).map_err(|p| {
        CmdFailure::from(format!(
            "{}:{}:{}: {} at {}{}",
            args.choices.display(),
            p.line,
            p.column,
            p.message,
            p.path,
            p.hint.map(|h| format!("\n  help: {h}")).unwrap_or_default()
        ))
    })?;
    if let Some(prev) = &args.prev {
        let link = chain_link(&read_token(prev)?);
        if choice.prev.as_ref().is_some_and(|p| *p != link) {
            return Err(CmdFailure::from(format!(
                "the choice's prev is not the hash of {}",
                prev.display()
            )));
        }
        choice.prev = Some(link);
    }
    let policy = args.policy.as_deref().map(read_policy).transpose()?;
    let now = now_or_clock(args.now.as_deref())?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => new_receipt_id(random()?),
    };
    let receipt = build_receipt(&choice, policy.as_ref(), &id, now).map_err(|e| input(&e))?;
    sign_receipt(&receipt, &keys).map_err(|e| input(&e))
}

fn verify_cmd(args: &VerifyArgs) -> Result<String, CmdFailure> {
    let jwks = read_jwks(&args.jwks)?;
    let token = read_token(&args.receipt)?;
    let policy = args.policy.as_deref().map(read_policy).transpose()?;
    let prev = args.prev.as_deref().map(read_token).transpose()?;
    let mut options = VerifyOptions::at(now_or_clock(args.now.as_deref())?);
    options.policy = policy.as_ref().map(Into::into);
    options.previous = prev.as_deref();
    let verified = verify(&token, &jwks, &options).map_err(|e| refused(&e))?;
    eprintln!(
        "valid: receipt {} signed by key {}, issued {}, expires {}",
        verified.receipt.receipt_id, verified.kid, verified.receipt.issued_at, verified.receipt.expires_at
    );
    let value = verified.receipt.to_value().map_err(|e| input(&e))?;
    serde_json::to_string_pretty(&value).map_err(|e| CmdFailure::from(e.to_string()))
}

fn kantara(args: &KantaraArgs) -> Result<String, CmdFailure> {
    let token = read_token(&args.receipt)?;
    let policy = args.policy.as_deref().map(read_policy).transpose()?;
    let (receipt, public_key) = match &args.jwks {
        Some(path) => {
            let jwks = read_jwks(path)?;
            let (receipt, kid) = verify_signed(&token, &jwks).map_err(|e| refused(&e))?;
            let x = jwks.get(&kid).map(|k| b64url(k));
            (receipt, x)
        }
        None => {
            eprintln!("note: the signature was not checked; give --jwks to check it");
            (decode_unverified(&token).map_err(|e| refused(&e))?, None)
        }
    };
    let doc = to_kantara(&receipt, policy.as_ref(), public_key.as_deref()).map_err(|e| input(&e))?;
    serde_json::to_string_pretty(&doc).map_err(|e| CmdFailure::from(e.to_string()))
}
