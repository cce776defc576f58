//! `assent diff OLD NEW`: what changed between two versions of a policy, how important each
//! change is and why, and the plan for announcing the new version.

use std::fmt::Write as _;
use std::path::Path;

use assent::changes::{self, Change, NoticeLevel, NotificationPlan, Report, Severity};
use assent::eval::messages::Lang;
use clap::ValueEnum;

use super::{emit, emit_err, engine_of, load_engine, read, shown, Failure};

/// What `assent diff` prints.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DiffFormat {
    /// For people: major and minor changes with why, then the plan.
    Text,
    /// The diff and the plan as JSON.
    Json,
    /// The `history` entry for NEW: OLD's consent scope with the update notice.
    History,
}

pub(crate) fn run(old_file: &Path, new_file: &Path, format: DiffFormat, locale: Option<&str>) -> Result<(), Failure> {
    let old = load_engine(old_file)?;
    let new_text = read(new_file)?;
    let new = engine_of(new_file, &new_text)?;
    let (old, new) = (old.policy(), new.policy());
    if format == DiffFormat::History {
        // The entry copies NEW's notice texts: a mark left there would be copied into it too.
        let marks = assent::policy::owner_marks(&new_text);
        if let Some(first) = marks.first() {
            emit_err(&format!(
                "error[policy.owner_mark]: {} still has {} mark{} for the site owner to answer; the first, at line {}, {}\n  help: answer every `<<owner: ...>>` in it (`assent check` lists them), then run this again: the history entry copies the new version's notice texts\n",
                shown(new_file),
                marks.len(),
                if marks.len() == 1 { "" } else { "s" },
                first.line,
                first.message,
            ));
            return Err(Failure {
                message: format!("no history entry for {} while it has owner marks", shown(new_file)),
                code: 1,
            });
        }
    }
    let refused = |p: assent::policy::Problem| {
        let mut out = format!("error[{}]: {}\n", p.code, p.message);
        if let Some(h) = &p.hint {
            let _ = writeln!(out, "  help: {h}");
        }
        emit_err(&out);
        Failure {
            message: format!("cannot compare {} with {}", old_file.display(), new_file.display()),
            code: 1,
        }
    };
    let json = |v: Result<String, serde_json::Error>| -> Result<(), Failure> {
        let s = v.map_err(|e| Failure::from(e.to_string()))?;
        emit(&format!("{s}\n"));
        Ok(())
    };
    match format {
        DiffFormat::History => json(serde_json::to_string_pretty(
            &changes::history_entry(old, new).map_err(refused)?,
        )),
        DiffFormat::Json => json(serde_json::to_string_pretty(
            &changes::report(old, new).map_err(refused)?,
        )),
        DiffFormat::Text => {
            let r = changes::report(old, new).map_err(refused)?;
            let lang = Lang::of(locale.unwrap_or("en"));
            emit(&text(&r, lang));
            Ok(())
        }
    }
}

fn line(c: &Change, lang: Lang) -> &str {
    let loc = if lang == Lang::Zh { "zh-CN" } else { "en" };
    c.summary.0.get(loc).map(String::as_str).unwrap_or("")
}

/// The report for people.
fn text(r: &Report, lang: Lang) -> String {
    let d = &r.diff;
    let mut out = String::new();
    let major: Vec<&Change> = d.changes.iter().filter(|c| c.severity == Severity::Major).collect();
    let minor: Vec<&Change> = d.changes.iter().filter(|c| c.severity == Severity::Minor).collect();
    let _ = writeln!(
        out,
        "{} {} -> {}: {} change{} ({} major, {} minor)",
        d.policy,
        d.from,
        d.to,
        d.changes.len(),
        if d.changes.len() == 1 { "" } else { "s" },
        major.len(),
        minor.len()
    );
    if !major.is_empty() {
        let _ = writeln!(out, "\nMajor changes: a prominent notice");
        for c in &major {
            let _ = writeln!(out, "  {} [{}] {}", c.kind.code(), c.subject, c.paths.join(", "));
            let _ = writeln!(out, "    {}", line(c, lang));
            if let Some(rule) = c.major_because {
                let _ = writeln!(
                    out,
                    "    why: {} [{}; clause {}]",
                    rule.explain(lang),
                    rule.code(),
                    c.clause.as_deref().unwrap_or("-")
                );
            }
            if c.reduces_rights {
                let _ = writeln!(out, "    reduces rights: yes");
            }
        }
    }
    if !minor.is_empty() {
        let _ = writeln!(out, "\nMinor changes: a passive notice");
        for c in &minor {
            let _ = writeln!(out, "  {} [{}] {}", c.kind.code(), c.subject, c.paths.join(", "));
            let _ = writeln!(out, "    {}", line(c, lang));
        }
    }
    plan_text(&mut out, &r.plan);
    out
}

fn plan_text(out: &mut String, p: &NotificationPlan) {
    let _ = writeln!(out, "\nPlan");
    let notice = match p.notice {
        NoticeLevel::None => "none: nothing changed",
        NoticeLevel::Passive => "passive, on the policy's channels",
        NoticeLevel::Prominent => "prominent, in the page and on the policy's major channels",
    };
    let _ = writeln!(out, "  notice:        {notice}");
    let _ = writeln!(
        out,
        "  publish by:    {} (published {}, effective {}){}",
        p.publish_by.as_deref().unwrap_or("?"),
        p.published,
        p.effective,
        if p.published_late { ": LATE" } else { "" }
    );
    // One line per audience and template, listing the channels.
    let mut groups: Vec<(&str, &str, Vec<String>)> = Vec::new();
    for e in &p.events {
        let channel = assent::json::variant_name(&e.channel);
        match groups.iter_mut().find(|(a, t, _)| *a == e.audience && *t == e.template) {
            Some((_, _, chs)) => chs.push(channel),
            None => groups.push((&e.audience, e.template, vec![channel])),
        }
    }
    for (i, (audience, template, chs)) in groups.iter().enumerate() {
        let label = if i == 0 { "send:" } else { "" };
        let _ = writeln!(out, "  {label:<14} {} to {audience} ({template})", chs.join(", "));
    }
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let _ = writeln!(out, "  ask again:     {}", list(&p.reconsent));
    let _ = writeln!(out, "  new purposes:  {}", list(&p.new_purposes));
    if p.requires_explicit_acceptance {
        let _ = writeln!(
            out,
            "  acceptance:    explicit; until a person accepts {}, version {} keeps applying to them",
            p.to, p.from
        );
    } else {
        let _ = writeln!(
            out,
            "  acceptance:    no explicit acceptance needed (no change reduces rights)"
        );
    }
    for pr in &p.problems {
        let _ = writeln!(out, "  warning[{}]: {}", pr.code, pr.message);
        if let Some(h) = &pr.hint {
            let _ = writeln!(out, "    help: {h}");
        }
    }
}
