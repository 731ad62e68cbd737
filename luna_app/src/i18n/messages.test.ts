import { describe, expect, it } from 'vitest';
import { loadLanguage, saveLanguage } from './I18nContext';
import { DEFAULT_LANGUAGE, MESSAGES, translator } from './messages';

describe('i18n', () => {
  it('defaults to Spanish', () => {
    expect(DEFAULT_LANGUAGE).toBe('es');
    expect(loadLanguage(window.localStorage)).toBe('es');
  });

  it('persists the chosen language and ignores unknown ones', () => {
    saveLanguage('en', window.localStorage);
    expect(loadLanguage(window.localStorage)).toBe('en');
    window.localStorage.setItem('luna.language', 'fr');
    expect(loadLanguage(window.localStorage)).toBe('es');
  });

  it('defines every Spanish text in English, none empty', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.es).sort());
    for (const language of ['es', 'en'] as const) {
      for (const text of Object.values(MESSAGES[language])) expect(text.trim()).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    expect(translator('es')('detail.modelVersion', { name: 'b1', version: '2' })).toBe('b1, versión 2');
    expect(translator('en')('status.pending')).toBe('Waiting');
  });
});
