// `GET /policy/changes?from=&to=&lang=`: the engine's diff of two published versions of the policy
// as a page for people (the update notice's "See every change" link), in English or Chinese.
// The same data as the API's /v1/policy/diff; nothing here classifies anything.

const WORDS = {
  en: {
    title: (from, to) => `What changed from version ${from} to ${to}`,
    major: "Major",
    minor: "Minor",
    why: "Major because",
    reduces: "Reduces your rights: the earlier terms apply to you until you accept this version.",
    reconsent: "Asked again, because what they cover grew:",
    none: "Nothing that consent covers grew; nothing is asked again.",
    dates: (p) => `Published ${p.published}, in force from ${p.effective}.`,
    policy: "The whole policy",
    rules: {
      service_model: "the service model changed",
      ownership: "ownership changed",
      recipients: "the main recipients changed",
      rights: "users' rights changed",
      contact: "the responsible department or complaint channel changed",
      impact_assessment: "an impact assessment found a high risk",
      new_purpose: "a new purpose",
      new_recipient_category: "a new category of recipients",
      transfer_abroad: "a transfer abroad",
      reduces_rights: "it reduces rights",
    },
  },
  "zh-CN": {
    title: (from, to) => `${from}版至${to}版的变更`,
    major: "重大",
    minor: "一般",
    why: "属于重大变更，因为",
    reduces: "减少了您的权利：在您接受本版本之前，对您继续适用此前的条款。",
    reconsent: "以下用途的范围扩大，需要重新征得您的同意：",
    none: "同意所涵盖的范围没有扩大，无需重新同意。",
    dates: (p) => `发布于${p.published}，自${p.effective}起生效。`,
    policy: "查看完整政策",
    rules: {
      service_model: "服务模式发生变化",
      ownership: "所有权发生变化",
      recipients: "主要共享对象发生变化",
      rights: "用户权利发生变化",
      contact: "负责部门或投诉渠道发生变化",
      impact_assessment: "影响评估显示存在高风险",
      new_purpose: "新增用途",
      new_recipient_category: "新增接收方类别",
      transfer_abroad: "跨境传输",
      reduces_rights: "减少了用户权利",
    },
  },
};

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

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
      const why = major && c.majorBecause ? ` <span class="assent-why">(${escape(w.why)} ${escape(w.rules[c.majorBecause] ?? c.majorBecause)})</span>` : "";
      const reduces = c.reducesRights ? `<p class="assent-reduces">${escape(w.reduces)}</p>` : "";
      return `<li class="assent-change" data-severity="${escape(c.severity)}" data-kind="${escape(c.kind)}">
<strong>${escape(major ? w.major : w.minor)}</strong>: ${escape(c.summary?.[lang] ?? c.summary?.en ?? c.kind)}${why}${reduces}</li>`;
    })
    .join("\n");
  const asked = plan.reconsent.length
    ? `<p>${escape(w.reconsent)}</p><ul class="assent-reconsent">${plan.reconsent
        .map((id) => `<li data-purpose="${escape(id)}">${escape(purposeName(id))}</li>`)
        .join("")}</ul>`
    : `<p>${escape(w.none)}</p>`;
  const title = w.title(diff.from, diff.to);
  const body = `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<main class="assent-changes">
<h1>${escape(title)}</h1>
<p>${escape(w.dates(plan))}</p>
<ol>
${items}
</ol>
${asked}
<p><a href="${escape(texts.url)}">${escape(w.policy)}</a></p>
</main>
</body>
</html>
`;
  return new Response(body, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "public, max-age=300",
      "content-security-policy": csp,
      "x-content-type-options": "nosniff",
    },
  });
}
