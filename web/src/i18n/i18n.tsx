import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en, type MessageKey } from './en.ts';
import { exceptionText, type ExceptionText, type ExceptionTextSource } from './exception-text.ts';
import { zh } from './zh.ts';

export type Lang = 'en' | 'zh';

/** One dictionary per language; both have exactly the same keys (test/dashboard-i18n.unit.test.ts). */
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, zh };

const STORAGE_KEY = 'stockmesh.lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'zh') return saved;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Replaces `{name}` placeholders with `vars.name`. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (vars[k] !== undefined ? String(vars[k]) : m));
}

export interface I18n {
  readonly lang: Lang;
  readonly setLang: (l: Lang) => void;
  /** The text of `key` in the current language. */
  readonly t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Translates an enumerated value (`status.available`, `state.open`…); unknown values are shown as they are. */
  readonly tv: (prefix: string, value: string) => string;
  readonly num: (n: number | null | undefined, digits?: number) => string;
  readonly pct: (n: number | null | undefined, digits?: number) => string;
  /** Large numbers shortly: 12K, 1.2M (万 and 亿 in Chinese). */
  readonly compact: (n: number) => string;
  readonly dateTime: (iso: string | null | undefined) => string;
  readonly date: (iso: string | null | undefined) => string;
  readonly ago: (iso: string | null | undefined) => string;
  readonly duration: (ms: number | null | undefined) => string;
  /** An exception's title and message in this language (src/i18n/exception-text.ts); the API's English text only when a needed fact is missing. */
  readonly excText: (e: ExceptionTextSource) => ExceptionText;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang];
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    const nf = new Intl.NumberFormat(locale);
    const t = (key: MessageKey, vars?: Record<string, string | number>): string => format(dict[key], vars);
    const tv = (prefix: string, value: string): string => {
      const k = `${prefix}.${value}` as MessageKey;
      return dict[k] ?? value;
    };
    const duration = (ms: number | null | undefined): string => {
      if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
      const s = Math.round(ms / 1000);
      if (s < 60) return t('unit.seconds', { n: s });
      const m = Math.round(s / 60);
      if (m < 60) return t('unit.minutes', { n: m });
      const h = ms / 3_600_000;
      if (h < 48) return t('unit.hours', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(h) });
      return t('unit.days', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(h / 24) });
    };
    return {
      lang,
      setLang,
      t,
      tv,
      num: (n, digits) =>
        n === null || n === undefined || !Number.isFinite(n) ? '—' : digits === undefined ? nf.format(n) : new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n),
      pct: (n, digits = 1) =>
        n === null || n === undefined || !Number.isFinite(n) ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n),
      compact: (n) => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n),
      dateTime: (iso) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)) : '—'),
      date: (iso) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '—'),
      ago: (iso) => (iso ? t('time.ago', { d: duration(Date.now() - new Date(iso).getTime()) }) : '—'),
      duration,
      excText: (e) => exceptionText(e, dict, locale),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
