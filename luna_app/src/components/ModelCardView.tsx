import type { MetricWithInterval, ModelCard } from '../api/types';
import { formatDateTime, formatProbability } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';

function Interval({ metric, percent, testId }: { metric: MetricWithInterval; percent: boolean; testId: string }) {
  const { t, locale } = useI18n();
  const format = (value: number) =>
    percent
      ? formatProbability(value, locale, 0)
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  return (
    <dd data-testid={testId}>
      {t('model.interval', { value: format(metric.value), low: format(metric.ci95Low), high: format(metric.ci95High) })}
    </dd>
  );
}

/** A model card as a clinician reads it: what the model is, how far it was validated, its limits. */
export function ModelCardView({ card }: { card: ModelCard }) {
  const { t, locale } = useI18n();
  const metrics = card.testMetrics;
  const knownLimits = card.knownLimits ?? [];
  return (
    <article className="model-card" data-testid="model-card" data-validated={card.validated}>
      <h2 data-testid="model-name">
        {card.name} · {card.version}
      </h2>
      <p className={card.validated ? 'model-validation ok' : 'model-validation warning-box'} data-testid="model-validation">
        <strong>{t(card.validated ? 'model.validated' : 'model.notValidated')}.</strong> {card.validationReason}
      </p>
      <dl className="facts">
        <dt>{t('model.architecture')}</dt>
        <dd>{card.architecture}</dd>
        <dt>{t('model.inputSize')}</dt>
        <dd>{t('model.pixels', { size: card.inputSize })}</dd>
        <dt>{t('model.pretrained')}</dt>
        <dd>{card.pretrained}</dd>
        <dt>{t('model.trainingData')}</dt>
        <dd>{card.trainingData}</dd>
        <dt>{t('model.threshold')}</dt>
        <dd data-testid="model-threshold">{formatProbability(card.threshold, locale)}</dd>
        {typeof card.targetSensitivity === 'number' && (
          <>
            <dt>{t('model.targetSensitivity')}</dt>
            <dd>{formatProbability(card.targetSensitivity, locale, 0)}</dd>
          </>
        )}
        <dt>{t('model.createdAt')}</dt>
        <dd>{formatDateTime(card.createdAt, locale)}</dd>
      </dl>

      <h3>{t('model.testMetrics')}</h3>
      {metrics ? (
        <>
          <p className="muted">
            {t('model.testSet', {
              patients: new Intl.NumberFormat(locale).format(metrics.patients),
              images: new Intl.NumberFormat(locale).format(metrics.images),
            })}
          </p>
          <dl className="facts">
            <dt>{t('model.sensitivity')}</dt>
            <Interval metric={metrics.sensitivity} percent testId="model-sensitivity" />
            <dt>{t('model.specificity')}</dt>
            <Interval metric={metrics.specificity} percent testId="model-specificity" />
            <dt>{t('model.rocAuc')}</dt>
            <Interval metric={metrics.rocAuc} percent={false} testId="model-roc-auc" />
          </dl>
        </>
      ) : (
        <p data-testid="model-no-metrics">{t('model.noMetrics')}</p>
      )}

      <h3>{t('model.intendedUse')}</h3>
      <p data-testid="model-intended-use">{card.intendedUse}</p>
      {knownLimits.length > 0 && (
        <>
          <h3>{t('model.knownLimits')}</h3>
          <ul data-testid="model-known-limits">
            {knownLimits.map((limit) => (
              <li key={limit}>{limit}</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
