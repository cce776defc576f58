//! The changes between two versions as a page for a person (the edge's `GET /policy/changes`,
//! the update notice's "See every change" link): the report's lines in the words of the changes'
//! catalogue ([`page_word`]), as an element tree serialized the way the banner's is, so every
//! text of the policy and of the diff reaches the page escaped.

use serde::Serialize;

use super::words::{page_word, PageWord, Pair};
use super::{Report, Severity};
use crate::banner::markup::Element;
use crate::eval::messages::{fill, Lang};
use crate::policy::LocalizedTexts;
use crate::prelude::*;

/// The changes page, for the edge to send inside its page shell: its language, its heading and
/// its body as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangesPage {
    /// The page's language (`en` or `zh-CN`: the languages a diff's lines are written in).
    pub lang: &'static str,
    /// The heading (and the page's title), as text.
    pub title: String,
    /// What goes under the heading, as HTML: every text in it escaped.
    pub body: String,
}

/// The language of the changes page for a locale: the diff's lines exist in English and
/// Simplified Chinese only, so every other language reads the English page.
pub fn page_lang(locale: &str) -> Lang {
    match Lang::of(locale) {
        Lang::Zh => Lang::Zh,
        _ => Lang::En,
    }
}

/// The page of `report` in `lang` ([`page_lang`]), naming purposes and linking the policy with
/// `texts`, the newer version's texts in that language.
pub fn page(report: &Report, texts: &LocalizedTexts, lang: Lang) -> ChangesPage {
    let tag = lang.tag();
    let said = |p: Pair| if lang == Lang::Zh { p.zh } else { p.en };
    let word = |w: PageWord| said(page_word(w));
    let (diff, plan) = (&report.diff, &report.plan);
    let changes = diff.changes.iter().map(|c| {
        let major = c.severity == Severity::Major;
        let summary = match c.summary.get(tag, "en") {
            "" => c.kind.code(),
            line => line,
        };
        let mut item = Element::new("li")
            .attr("class", "assent-change")
            .attr("data-severity", crate::json::variant_name(&c.severity))
            .attr("data-kind", c.kind.code())
            .child(Element::new("strong").text(&word(if major { PageWord::Major } else { PageWord::Minor })))
            .text(&word(PageWord::Colon))
            .text(summary);
        // What the rule says comes from the engine, like the classification itself.
        if let Some(rule) = c
            .why
            .as_ref()
            .filter(|_| major)
            .map(|why| why.get(tag, "en"))
            .filter(|rule| !rule.is_empty())
        {
            let because = fill(&word(PageWord::MajorBecause), &[("rule", rule)]);
            item = item
                .text(" ")
                .child(Element::new("span").attr("class", "assent-why").text(&because));
        }
        if c.reduces_rights {
            item = item.child(
                Element::new("p")
                    .attr("class", "assent-reduces")
                    .text(&word(PageWord::ReducesRights)),
            );
        }
        item
    });
    let dates = fill(
        &word(PageWord::Dates),
        &[("published", &plan.published), ("effective", &plan.effective)],
    );
    let mut body = vec![Element::new("p").text(&dates), Element::new("ol").children(changes)];
    if plan.reconsent.is_empty() {
        body.push(Element::new("p").text(&word(PageWord::NoReconsent)));
    } else {
        body.push(Element::new("p").text(&word(PageWord::Reconsent)));
        body.push(
            Element::new("ul")
                .attr("class", "assent-reconsent")
                .children(plan.reconsent.iter().map(|id| {
                    let name = texts.purposes.get(id).map_or(id.as_str(), |t| t.name.as_str());
                    Element::new("li").attr("data-purpose", id.as_str()).text(name)
                })),
        );
    }
    body.push(
        Element::new("p").child(
            Element::new("a")
                .attr("href", texts.url.as_str())
                .text(&word(PageWord::WholePolicy)),
        ),
    );
    ChangesPage {
        lang: tag,
        title: fill(&word(PageWord::Title), &[("from", &diff.from), ("to", &diff.to)]),
        body: body.into_iter().map(|e| e.to_html()).collect::<Vec<_>>().join("\n"),
    }
}
