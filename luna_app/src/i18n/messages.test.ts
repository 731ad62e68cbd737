import { describe, expect, it } from 'vitest';
import { loadLanguage, saveLanguage } from './I18nContext';
import { DEFAULT_LANGUAGE, MESSAGES, plural, roleLabel, translator } from './messages';

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

  it('uses real plurals, not "solicitud(es)"', () => {
    const es = translator('es');
    expect(plural(es, 'es-CL', 'requests.total', 1)).toBe('1 solicitud');
    expect(plural(es, 'es-CL', 'requests.total', 26)).toBe('26 solicitudes');
    expect(plural(es, 'es-CL', 'requests.total', 0)).toBe('0 solicitudes');
    expect(plural(translator('en'), 'en-GB', 'requests.total', 1)).toBe('1 request');
    for (const text of Object.values(MESSAGES.es)) expect(text).not.toMatch(/\(es\)|\(s\)/);
  });

  it('names roles in words a clinician uses', () => {
    const es = translator('es');
    expect(roleLabel(es, 'user')).toBe('Médico/a de APS');
    expect(roleLabel(es, 'dermatologist')).toBe('Dermatólogo/a');
    expect(roleLabel(es, 'admin')).toBe('Administrador/a');
    expect(roleLabel(es, 'auditor')).toBe('auditor');
  });
});
