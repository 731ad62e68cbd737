import { IonButton, IonCard, IonCardContent, IonCardHeader, IonCardTitle, IonIcon } from '@ionic/react';
import { informationCircleOutline, warningOutline } from 'ionicons/icons';
import type { AnalysisDetail, ModelCard } from '../api/types';
import { formatProbability } from '../analysisView';
import { NEXT_STEPS } from '../config';
import { useI18n } from '../i18n/I18nContext';
import { presentResult, type RiskBand } from '../results/resultPresentation';
import { useModelCard, type ModelCardState } from '../results/useModelCard';
import { modelPath } from '../routes';
import { Disclaimer } from './Disclaimer';

function HeldOutMetrics({ card }: { card: ModelCard | null }) {
  const { t, locale } = useI18n();
  const metrics = card?.testMetrics;
  if (!metrics) {
    return (
      <p className="result-metrics muted" data-testid="result-metrics-missing">
        {t('result.metricsUnavailable')}
      </p>
    );
  }
  return (
    <p className="result-metrics" data-testid="result-metrics">
      {t('result.heldOut', {
        patients: new Intl.NumberFormat(locale).format(metrics.patients),
        sensitivity: formatProbability(metrics.sensitivity.value, locale, 0),
        specificity: formatProbability(metrics.specificity.value, locale, 0),
      })}
    </p>
  );
}

function nextStep(band: RiskBand, t: ReturnType<typeof useI18n>['t']): string {
  const configured = NEXT_STEPS[band];
  return configured ?? t(band === 'higher' ? 'result.nextStepHigher' : 'result.nextStepLower');
}

/**
 * The result of a completed analysis, as honestly as the model allows: a model without clinical
 * validation gets a neutral card that says its number means nothing for this lesion; a validated
 * one a risk band, its threshold in one sentence, its held-out sensitivity and specificity and the
 * service's next step. Always the "supports, never replaces" line and a link to the model's card.
 */
export function ResultCard({ analysis }: { analysis: AnalysisDetail }) {
  const model = analysis.model ?? null;
  // Only a validated model's card is needed here (its held-out metrics); the link shows any card.
  const cardState = useModelCard(model?.validated ? model.name : undefined, model?.version);
  return <ResultCardView analysis={analysis} cardState={model?.validated ? cardState : { status: 'missing' }} />;
}

/** The card itself, given the model card's state (separate so that it renders without the API). */
export function ResultCardView({ analysis, cardState }: { analysis: AnalysisDetail; cardState: ModelCardState }) {
  const { t, locale } = useI18n();
  const model = analysis.model ?? null;
  const card = cardState.status === 'ready' ? cardState.card : null;
  const presentation = presentResult(analysis, card);
  if (!presentation) return null;

  const aboutLink = model && (
    <IonButton
      fill="clear"
      className="about-model"
      routerLink={modelPath(model.name, model.version)}
      data-testid="about-model"
    >
      <IonIcon slot="start" icon={informationCircleOutline} aria-hidden="true" />
      {t('result.aboutModel')}
    </IonButton>
  );
  const modelLine = model && (
    <p className="result-model" data-testid="result-model">
      {t('detail.model')}: {t('detail.modelVersion', { name: model.name, version: model.version })}
    </p>
  );

  if (presentation.kind === 'unvalidated') {
    return (
      <IonCard className="result-card neutral" data-testid="result" data-kind="unvalidated">
        <IonCardHeader>
          <IonCardTitle>{t('result.unvalidatedTitle')}</IonCardTitle>
        </IonCardHeader>
        <IonCardContent>
          <div className="warning-box" role="note" data-testid="unvalidated-notice">
            <IonIcon icon={warningOutline} aria-hidden="true" />
            <span>{t('result.unvalidatedBody')}</span>
          </div>
          <p className="result-score" data-testid="result-score">
            {t('result.score', { score: formatProbability(presentation.score, locale) })}
          </p>
          {modelLine}
          <Disclaimer />
          {aboutLink}
        </IonCardContent>
      </IonCard>
    );
  }

  const { band, score, threshold } = presentation;
  const target = card?.targetSensitivity;
  return (
    <IonCard className={`result-card band-${band}`} data-testid="result" data-kind="band" data-band={band}>
      <IonCardHeader>
        <IonCardTitle>{t('detail.result')}</IonCardTitle>
      </IonCardHeader>
      <IonCardContent>
        <p className="result-band" data-testid="result-band">
          {t(band === 'higher' ? 'band.higher' : 'band.lower')}
        </p>
        <p className="result-label">
          {t('detail.probability')}:{' '}
          <strong data-testid="result-probability">{formatProbability(score, locale)}</strong>
        </p>
        <p className="result-threshold" data-testid="result-threshold">
          {typeof target === 'number'
            ? t('result.thresholdExplained', {
                threshold: formatProbability(threshold, locale),
                target: formatProbability(target, locale, 0),
              })
            : t('result.thresholdExplainedNoTarget', { threshold: formatProbability(threshold, locale) })}
        </p>
        {cardState.status !== 'loading' && <HeldOutMetrics card={card} />}
        <div className="next-step" data-testid="next-step">
          <strong>{t('result.nextStep')}:</strong> {nextStep(band, t)}
        </div>
        {modelLine}
        <Disclaimer />
        {aboutLink}
      </IonCardContent>
    </IonCard>
  );
}
