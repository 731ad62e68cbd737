import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../api/types';
import { makeAnalysis, renderWithI18n } from '../testing';
import { AnalysisDetailView } from './AnalysisDetailView';
import { ResultCardView } from './ResultCard';

const card: ModelCard = {
  name: 'efficientnet-b1',
  version: '1.2.0',
  architecture: 'efficientnet-b1',
  inputSize: 240,
  threshold: 0.5,
  targetSensitivity: 0.9,
  validated: true,
  validationReason: 'Held-out test split of 412 patients met the rule.',
  pretrained: 'imagenet',
  trainingData: 'SIIM-ISIC 2020',
  testMetrics: {
    rocAuc: { value: 0.88, ci95Low: 0.84, ci95High: 0.91 },
    sensitivity: { value: 0.91, ci95Low: 0.85, ci95High: 0.95 },
    specificity: { value: 0.7, ci95Low: 0.66, ci95High: 0.74 },
    patients: 412,
    images: 1830,
  },
  intendedUse: 'Decision support for GPs.',
  knownLimits: ['Dark skin under-represented'],
  createdAt: '2026-11-01T10:00:00Z',
  shippedModel: 'model.onnx',
};

const unvalidatedModel = { name: 'efficientnet-b1', version: 'unvalidated-random-init', validated: false, threshold: 0.5 };

describe('the result of a validated model', () => {
  it('shows the band, the threshold in one sentence, held-out metrics and the next step', () => {
    renderWithI18n(<ResultCardView analysis={makeAnalysis()} cardState={{ status: 'ready', card }} />, 'en');
    expect(screen.getByTestId('result')).toHaveAttribute('data-band', 'higher');
    expect(screen.getByTestId('result-band')).toHaveTextContent('Higher risk');
    expect(screen.getByTestId('result-probability')).toHaveTextContent('83.4%');
    expect(screen.getByTestId('result-threshold')).toHaveTextContent(
      'The threshold, 50.0%, was chosen to detect 90% of melanomas in test patients',
    );
    expect(screen.getByTestId('result-metrics')).toHaveTextContent(
      'In 412 patients not used to train it, it detected 91% of melanomas (sensitivity) and ruled out 70% of benign lesions (specificity).',
    );
    expect(screen.getByTestId('next-step')).toHaveTextContent('Consider referral to dermatology.');
    expect(screen.getByTestId('disclaimer')).toHaveTextContent("supports and does not replace a clinician's judgement");
    expect(screen.queryByTestId('unvalidated-notice')).toBeNull();
  });

  it('says plainly when the model card cannot be had (404), and keeps the band', () => {
    renderWithI18n(
      <ResultCardView analysis={makeAnalysis({ result: 0.12, isMelanoma: false })} cardState={{ status: 'missing' }} />,
    );
    expect(screen.getByTestId('result-band')).toHaveTextContent('Riesgo menor');
    expect(screen.getByTestId('result-metrics-missing')).toHaveTextContent('no está disponible');
    expect(screen.getByTestId('result-threshold')).toHaveTextContent('El umbral del modelo es 50,0');
  });
});

describe('the result of a model without clinical validation', () => {
  it('is a neutral card that says the number carries no information, with no threshold side', () => {
    const analysis = makeAnalysis({ model: unvalidatedModel, result: 0.499, isMelanoma: false });
    renderWithI18n(<AnalysisDetailView analysis={analysis} />);
    const result = screen.getByTestId('result');
    expect(result).toHaveAttribute('data-kind', 'unvalidated');
    expect(screen.getByTestId('unvalidated-notice')).toHaveTextContent(
      'Este número proviene de un modelo sin validación clínica y no aporta información sobre esta lesión.',
    );
    expect(result.textContent).not.toMatch(/umbral|threshold|Riesgo/i);
    expect(screen.queryByTestId('result-threshold')).toBeNull();
    expect(screen.getByTestId('disclaimer')).toHaveTextContent('apoya y no reemplaza el juicio clínico');
    expect(screen.getByTestId('about-model')).toHaveTextContent('Acerca de este modelo');
  });
});

describe('AnalysisDetailView', () => {
  it('hides the image and the heat map by default and shows or hides them on demand', () => {
    const heatmap = 'data:image/png;base64,iVBORw0KGgo=';
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ model: unvalidatedModel, heatmap })} />, 'en');
    const toggle = screen.getByTestId('toggle-image');
    expect(screen.queryByTestId('detail-image')).toBeNull();
    expect(screen.queryByTestId('detail-heatmap')).toBeNull();
    expect(toggle).toHaveTextContent('Show image');
    fireEvent.click(toggle);
    expect(screen.getByTestId('detail-image')).toHaveAttribute('src', 'data:image/jpeg;base64,/9j/AAAA');
    expect(screen.getByTestId('detail-heatmap')).toHaveAttribute('src', heatmap);
    expect(toggle).toHaveTextContent('Hide image');
    fireEvent.click(toggle);
    expect(screen.queryByTestId('detail-image')).toBeNull();
    expect(screen.queryByTestId('detail-heatmap')).toBeNull();
  });

  it('shows no heat map for an old record without one', () => {
    renderWithI18n(<AnalysisDetailView analysis={makeAnalysis({ model: unvalidatedModel, heatmap: null })} />);
    fireEvent.click(screen.getByTestId('toggle-image'));
    expect(screen.getByTestId('detail-image')).toBeInTheDocument();
    expect(screen.queryByTestId('detail-heatmap')).toBeNull();
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
