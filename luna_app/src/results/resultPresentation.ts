/**
 * How a completed result may be presented, decided in one place.
 *
 * A model without clinical validation gives a number that carries no information about the
 * lesion: it gets a neutral presentation with no threshold side and no colour. A validated
 * model's result falls in a risk band on its threshold.
 */
import type { AnalysisSummary, ModelCard } from '../api/types';

export type RiskBand = 'higher' | 'lower';

export type ResultPresentation =
  | { kind: 'unvalidated'; score: number }
  | { kind: 'band'; band: RiskBand; score: number; threshold: number };

/** Whether results of this model may be read as risk: the record says so and the card does not deny it. */
export function isValidatedModel(model: AnalysisSummary['model'], card?: Pick<ModelCard, 'validated'> | null): boolean {
  return !!model?.validated && card?.validated !== false;
}

/** The presentation of a completed analysis, or null when it has no result. */
export function presentResult(
  analysis: Pick<AnalysisSummary, 'status' | 'result' | 'isMelanoma' | 'model'>,
  card?: Pick<ModelCard, 'validated'> | null,
): ResultPresentation | null {
  const { status, result, model } = analysis;
  if (status !== 'completed' || typeof result !== 'number') return null;
  if (!model || !isValidatedModel(model, card)) return { kind: 'unvalidated', score: result };
  // The API's isMelanoma is the model's own decision on its threshold; it wins when present.
  const above = typeof analysis.isMelanoma === 'boolean' ? analysis.isMelanoma : result >= model.threshold;
  return { kind: 'band', band: above ? 'higher' : 'lower', score: result, threshold: model.threshold };
}
