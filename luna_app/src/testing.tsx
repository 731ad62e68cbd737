/** Helpers for the component tests. */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { AnalysisDetail } from './api/types';
import { I18nProvider } from './i18n/I18nContext';
import type { Language } from './i18n/messages';

export function renderWithI18n(ui: ReactElement, language: Language = 'es'): RenderResult {
  return render(<I18nProvider initialLanguage={language}>{ui}</I18nProvider>);
}

export function makeAnalysis(overrides: Partial<AnalysisDetail> = {}): AnalysisDetail {
  return {
    id: 'a1',
    description: 'Lesión en la espalda',
    status: 'completed',
    creationDate: '2025-03-14T15:09:26Z',
    analysisDate: '2025-03-14T15:09:40Z',
    result: 0.8342,
    isMelanoma: true,
    model: { name: 'efficientnet-b1', version: '1.2.0', validated: true, threshold: 0.5 },
    failureReason: null,
    image: 'data:image/jpeg;base64,/9j/AAAA',
    imageType: 'image/jpeg',
    ...overrides,
  };
}
