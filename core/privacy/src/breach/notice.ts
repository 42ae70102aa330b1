/**
 * Notice texts for a breach (PIPL art. 57; H11 "user notice and a report to the authority"):
 * one for the authority, one for residents, in zh-CN and en. Each names the data types, the
 * cause, the possible harm, the remedies taken, what a person can do, and whom to contact.
 * Plain text: it goes into letters, SMS templates and the authority's forms.
 */
import type { Locale } from "@anju/errors";
import { PI_KIND_NAMES } from "../kinds.js";
import type { BreachState } from "../entities.js";
import type { Breach } from "./store.js";

export type NoticeAudience = "authority" | "residents";
export const NOTICE_AUDIENCES: readonly NoticeAudience[] = ["authority", "residents"];

export interface Notice { audience: NoticeAudience; locale: Locale; title: string; text: string }

const TEMPLATES: Record<NoticeAudience, Record<Locale, { title: string; body: string }>> = {
  authority: {
    "zh-CN": {
      title: "个人信息安全事件报告",
      body: [
        "个人信息安全事件报告",
        "",
        "报告单位：{jurisdictionName}（行政区划代码 {jurisdiction}）",
        "事件名称：{title}",
        "发生时间：{occurredAt}",
        "发现时间：{discoveredAt}",
        "发现人：{discoveredBy}",
        "涉及的个人信息类型：{kinds}",
        "事件原因：{cause}",
        "影响范围：预计涉及 {scale} 人，已确认受影响个人 {identified} 人",
        "可能造成的危害：{harm}",
        "已采取的补救措施：{remedies}",
        "个人可采取的减轻危害措施：{advice}",
        "联系人及联系方式：{contact}",
        "当前处置状态：{state}",
        "",
        "依据《中华人民共和国个人信息保护法》第五十七条，特此报告。",
        "报告日期：{today}",
      ].join("\n"),
    },
    en: {
      title: "Report of a personal-information security incident",
      body: [
        "Report of a personal-information security incident",
        "",
        "Reporting body: {jurisdictionName} (division code {jurisdiction})",
        "Incident: {title}",
        "Occurred: {occurredAt}",
        "Discovered: {discoveredAt}",
        "Discovered by: {discoveredBy}",
        "Personal information involved: {kinds}",
        "Cause: {cause}",
        "Scale: an estimated {scale} people; {identified} affected people identified so far",
        "Possible harm: {harm}",
        "Remedies taken: {remedies}",
        "What individuals can do: {advice}",
        "Contact: {contact}",
        "Status: {state}",
        "",
        "Reported under Article 57 of the Personal Information Protection Law of the PRC.",
        "Date: {today}",
      ].join("\n"),
    },
  },
  residents: {
    "zh-CN": {
      title: "个人信息安全事件告知书",
      body: [
        "个人信息安全事件告知书",
        "",
        "尊敬的居民：",
        "",
        "{jurisdictionName}于 {discoveredAt} 发现一起个人信息安全事件（{title}），可能涉及您的以下信息：{kinds}。",
        "",
        "事件原因：{cause}",
        "可能造成的影响：{harm}",
        "我们已采取的补救措施：{remedies}",
        "建议您采取的措施：{advice}",
        "",
        "如有疑问，请联系：{contact}",
        "",
        "{jurisdictionName}",
        "{today}",
      ].join("\n"),
    },
    en: {
      title: "Notice of a personal-information security incident",
      body: [
        "Notice of a personal-information security incident",
        "",
        "Dear resident,",
        "",
        "On {discoveredAt}, {jurisdictionName} discovered a personal-information security incident ({title}) that may involve the following information about you: {kinds}.",
        "",
        "Cause: {cause}",
        "Possible impact: {harm}",
        "Remedies we have taken: {remedies}",
        "What we advise you to do: {advice}",
        "",
        "If you have questions, please contact: {contact}",
        "",
        "{jurisdictionName}",
        "{today}",
      ].join("\n"),
    },
  },
};

const FALLBACK: Record<Locale, { unknown: string; assessing: string; missing: string; advice: string; states: Record<BreachState, string> }> = {
  "zh-CN": {
    unknown: "尚未查明",
    assessing: "正在评估",
    missing: "（未填写）",
    advice: "请警惕冒用您身份信息的来电、短信和链接，不要向陌生人透露验证码；如发现异常，请及时联系我们或报警。",
    states: { open: "处置中", notified: "已通知", closed: "已结案" },
  },
  en: {
    unknown: "not yet determined",
    assessing: "being assessed",
    missing: "(not provided)",
    advice: "Be wary of calls, text messages and links that use your personal details, and never give verification codes to strangers; if you notice anything unusual, contact us or the police.",
    states: { open: "open", notified: "notified", closed: "closed" },
  },
};

/** Times in the deployment's zone (China Standard Time), to the minute. */
function formatTime(iso: string | null, locale: Locale): string | null {
  if (!iso) return null;
  const text = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
  return locale === "zh-CN" ? `${text}（北京时间）` : `${text} (UTC+8)`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function renderNotice(breach: Breach, options: { audience: NoticeAudience; locale: Locale; jurisdictionName: string; kinds?: Breach["dataKinds"]; now?: Date }): Notice {
  const { audience, locale } = options;
  const f = FALLBACK[locale];
  const kinds = (options.kinds?.length ? options.kinds : breach.dataKinds).map((k) => PI_KIND_NAMES[k][locale]);
  if (breach.otherData) kinds.push(breach.otherData);
  const sep = locale === "zh-CN" ? "、" : ", ";
  const values: Record<string, string> = {
    jurisdictionName: options.jurisdictionName,
    jurisdiction: breach.jurisdiction,
    title: breach.title,
    occurredAt: formatTime(breach.occurredAt, locale) ?? f.unknown,
    discoveredAt: formatTime(breach.discoveredAt, locale)!,
    discoveredBy: breach.discoveredBy,
    kinds: kinds.join(sep),
    cause: breach.cause,
    scale: String(breach.scale),
    identified: String(breach.identified),
    harm: breach.harm?.trim() || f.assessing,
    remedies: breach.remedies?.trim() || f.missing,
    advice: breach.advice?.trim() || f.advice,
    contact: breach.contact?.trim() || f.missing,
    state: f.states[breach.state],
    today: new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(options.now ?? new Date()),
  };
  const t = TEMPLATES[audience][locale];
  return { audience, locale, title: t.title, text: fill(t.body, values) };
}
