import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReviewView } from '../api/clinicalTypes';
import { isValidPatientReference } from '../api/clinicalTypes';
import { makeAnalysis, renderWithI18n } from '../testing';
import { AnalysisDetailView } from './AnalysisDetailView';
import { RequestsList } from './RequestsList';

const done: ReviewView = {
  status: 'done',
  reasons: ['melanoma_risk'],
  question: null,
  requestedAt: null,
  impression: 'melanoma_suspected',
  recommendation: 'urgent_referral',
  agreesWithModel: true,
  comment: 'Derivar esta semana.',
  reviewedAt: '2025-03-15T10:00:00Z',
  reviewerName: 'dra_soto',
  amended: false,
  history: [],
};

describe('the review in the GP views', () => {
  it('shows a badge per reviewed or waiting analysis in the list, and the patient reference', () => {
    const items = [
      makeAnalysis({ id: 'r', review: done, patientReference: 'HC-1', bodySite: 'torso' }),
      makeAnalysis({ id: 'w', review: { ...done, status: 'pending', impression: null } }),
      makeAnalysis({ id: 'n', review: null }),
    ];
    renderWithI18n(<RequestsList items={items} onOpen={() => undefined} />);
    const rows = screen.getAllByTestId('request-row');
    expect(within(rows[0]).getByTestId('review-badge')).toHaveTextContent('Revisado');
    expect(within(rows[0]).getByTestId('request-patient')).toHaveTextContent('Ficha HC-1 · Tronco');
    expect(within(rows[1]).getByTestId('review-badge')).toHaveTextContent('Revisión pendiente');
    expect(within(rows[2]).queryByTestId('review-badge')).toBeNull();
  });

  it("shows the dermatologist's opinion by name in the detail", () => {
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ review: done })} />);
    expect(screen.getByTestId('review-impression')).toHaveTextContent('Sospecha de melanoma');
    expect(screen.getByTestId('review-recommendation')).toHaveTextContent('Derivación urgente');
    expect(screen.getByTestId('review-comment')).toHaveTextContent('Derivar esta semana.');
    expect(screen.getByTestId('review-by')).toHaveTextContent('dra_soto');
    expect(screen.queryByTestId('review-ask')).toBeNull();
  });

  it('offers to ask for a review when there is none, but not for a failed analysis', () => {
    const { unmount } = renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ review: null })} />);
    expect(screen.getByTestId('review-ask')).toHaveTextContent('Pedir revisión a dermatología');
    unmount();
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ status: 'failed', result: null, review: null })} />);
    expect(screen.queryByTestId('review-ask')).toBeNull();
  });
});

describe('isValidPatientReference', () => {
  it('accepts record numbers and blank, refuses names and overlong references', () => {
    expect(isValidPatientReference('')).toBe(true);
    expect(isValidPatientReference('HC-2024/0815')).toBe(true);
    expect(isValidPatientReference('7'.repeat(64))).toBe(true);
    expect(isValidPatientReference('7'.repeat(65))).toBe(false);
    expect(isValidPatientReference('Ana Pérez')).toBe(false);
    expect(isValidPatientReference('AnaPerez')).toBe(false);
  });
});
