import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAnalysis, renderWithI18n } from '../testing';
import { AnalysisDetailView } from './AnalysisDetailView';

describe('AnalysisDetailView', () => {
  it('shows the probability, the threshold side and the model of a completed analysis', () => {
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis()} />, 'en');
    expect(screen.getByTestId('result-probability')).toHaveTextContent('83.4%');
    expect(screen.getByTestId('result-threshold')).toHaveTextContent("Above the model's threshold (50.0%).");
    expect(screen.getByTestId('result-model')).toHaveTextContent('efficientnet-b1, version 1.2.0');
    expect(screen.getByTestId('detail-analysis-date')).toHaveTextContent('2025');
    expect(screen.queryByTestId('unvalidated-warning')).toBeNull();
    expect(screen.getByTestId('disclaimer')).toHaveTextContent(
      "This result supports and does not replace a clinician's judgement.",
    );
  });

  it('words a result below the threshold in Spanish', () => {
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ result: 0.123, isMelanoma: false })} />);
    expect(screen.getByTestId('result-probability').textContent?.replace(/\s/g, '')).toBe('12,3%');
    expect(screen.getByTestId('result-threshold')).toHaveTextContent('Por debajo del umbral del modelo');
    expect(screen.getByTestId('disclaimer')).toHaveTextContent('apoya y no reemplaza el juicio clínico');
  });

  it('warns visibly when the model is not validated', () => {
    const model = { name: 'efficientnet-b1', version: '0.0.1-dev', validated: false, threshold: 0.5 };
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ model })} />);
    expect(screen.getByTestId('unvalidated-warning')).toHaveTextContent('no ha sido validado');
  });

  it('hides the image by default and shows or hides it on demand', () => {
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis()} />, 'en');
    const toggle = screen.getByTestId('toggle-image');
    expect(screen.queryByTestId('detail-image')).toBeNull();
    expect(toggle).toHaveTextContent('Show image');
    fireEvent.click(toggle);
    expect(screen.getByTestId('detail-image')).toHaveAttribute('src', 'data:image/jpeg;base64,/9j/AAAA');
    expect(toggle).toHaveTextContent('Hide image');
    fireEvent.click(toggle);
    expect(screen.queryByTestId('detail-image')).toBeNull();
  });

  it('shows no result while waiting, and the reason of a failure', () => {
    const { unmount } = renderWithI18n(
      <AnalysisDetailView analysis={makeAnalysis({ status: 'pending', result: null, analysisDate: null })} />,
    );
    expect(screen.getByTestId('detail-pending')).toBeInTheDocument();
    expect(screen.queryByTestId('result')).toBeNull();
    expect(screen.getByTestId('status-badge')).toHaveTextContent('En espera');
    unmount();
    renderWithI18n(
      <AnalysisDetailView
        analysis={makeAnalysis({ status: 'failed', result: null, failureReason: 'corrupt image' })}
      />,
    );
    expect(screen.getByTestId('detail-failed')).toHaveTextContent('corrupt image');
  });
});
