// `GET /policy/changes?from=&to=&lang=`: the engine's diff of two published versions of the policy
// as a page for people (the update notice's "See every change" link), in English or Chinese.
// The same data as the API's /v1/policy/diff; nothing here classifies anything.

import { escape, htmlPage } from "./html-page.js";

const WORDS = {
  en: {
    title: (from, to) => `What changed from version ${from} to ${to}`,
    major: "Major",
    minor: "Minor",
    why: "major because ",
    colon: ": ",
    paren: ["(", ")"],
    reduces: "Reduces your rights: the earlier terms apply to you until you accept this version.",
    reconsent: "Asked again, because what they cover grew:",
    none: "Nothing that consent covers grew; nothing is asked again.",
    dates: (p) => `Published ${p.published}, in force from ${p.effective}.`,
    policy: "The whole policy",
  },
  "zh-CN": {
    title: (from, to) => `${from}版至${to}版的变更`,
    major: "重大",
    minor: "一般",
    why: "属于重大变更的原因：",
    colon: "：",
    paren: ["（", "）"],
    reduces: "减少了您的权利：在您接受本版本之前，对您继续适用此前的条款。",
    reconsent: "以下用途的范围扩大，需要重新征得您的同意：",
    none: "同意所涵盖的范围没有扩大，无需重新同意。",
    dates: (p) => `发布于${p.published}，自${p.effective}起生效。`,
    policy: "查看完整政策",
  },
};

/** The page for `report` (`{diff, plan}` from the engine) of `policy` (the newer), in `locale`. */
export function changesPage(report, locale, policy, csp) {
  const lang = WORDS[locale] ? locale : "en";
  const w = WORDS[lang];
  const { diff, plan } = report;
  const texts = policy.texts(lang);
  const purposeName = (id) => texts.purposes[id]?.name ?? id;
  const items = diff.changes
    .map((c) => {
      const major = c.severity === "major";
      // What the rule says comes from the engine, like the classification itself.
      const rule = c.why?.[lang] ?? c.why?.en;
      const why = major && rule ? ` <span class="assent-why">${w.paren[0]}${escape(w.why)}${escape(rule)}${w.paren[1]}</span>` : "";
      const reduces = c.reducesRights ? `<p class="assent-reduces">${escape(w.reduces)}</p>` : "";
      return `<li class="assent-change" data-severity="${escape(c.severity)}" data-kind="${escape(c.kind)}">
<strong>${escape(major ? w.major : w.minor)}</strong>${escape(w.colon)}${escape(c.summary?.[lang] ?? c.summary?.en ?? c.kind)}${why}${reduces}</li>`;
    })
    .join("\n");
  const asked = plan.reconsent.length
    ? `<p>${escape(w.reconsent)}</p><ul class="assent-reconsent">${plan.reconsent
        .map((id) => `<li data-purpose="${escape(id)}">${escape(purposeName(id))}</li>`)
        .join("")}</ul>`
    : `<p>${escape(w.none)}</p>`;
  const title = w.title(diff.from, diff.to);
  const body = `<p>${escape(w.dates(plan))}</p>
<ol>
${items}
</ol>
${asked}
<p><a href="${escape(texts.url)}">${escape(w.policy)}</a></p>`;
  return htmlPage({
    lang,
    title,
    mainClass: "assent-changes",
    body,
    headers: { "cache-control": "public, max-age=300", "content-security-policy": csp },
  });
}
