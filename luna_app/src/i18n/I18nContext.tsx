import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANGUAGE, LOCALES, isLanguage, translator, type Language, type Translate } from './messages';

const STORAGE_KEY = 'luna.language';

export interface I18n {
  language: Language;
  locale: string;
  t: Translate;
  setLanguage: (language: Language) => void;
}

/** The stored language, or Spanish when none (or an unknown one) is stored. */
export function loadLanguage(storage: Storage = window.localStorage): Language {
  try {
    const stored = storage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function saveLanguage(language: Language, storage: Storage = window.localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

function buildI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  return { language, locale: LOCALES[language], t: translator(language), setLanguage };
}

const I18nContext = createContext<I18n>(buildI18n(DEFAULT_LANGUAGE, () => undefined));

export function I18nProvider({ children, initialLanguage }: { children: ReactNode; initialLanguage?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => initialLanguage ?? loadLanguage());
  const setLanguage = useCallback((next: Language) => {
    saveLanguage(next);
    setLanguageState(next);
  }, []);
  const value = useMemo(() => buildI18n(language, setLanguage), [language, setLanguage]);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
