import { IonButton, IonCard, IonCardContent, IonCardHeader, IonCardTitle, IonIcon, IonText } from '@ionic/react';
import { eyeOffOutline, eyeOutline, warningOutline } from 'ionicons/icons';
import { useState } from 'react';
import type { AnalysisDetail } from '../api/types';
import { formatDateTime, formatProbability, imageSource, isAboveThreshold } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';
import { Disclaimer } from './Disclaimer';
import { EarlierAnalyses, ReviewSection } from './ReviewSection';
import { StatusBadge } from './StatusBadge';

function ResultSection({ analysis }: { analysis: AnalysisDetail }) {
  const { t, locale } = useI18n();
  const { result, model } = analysis;
  if (result === null) return null;
  const above = isAboveThreshold(result, model, analysis.isMelanoma);
  const threshold = model ? formatProbability(model.threshold, locale) : '—';
  return (
    <IonCard className={above ? 'result-card above' : 'result-card below'} data-testid="result">
      <IonCardHeader>
        <IonCardTitle>{t('detail.result')}</IonCardTitle>
      </IonCardHeader>
      <IonCardContent>
        <p className="result-label">{t('detail.probability')}</p>
        <p className="result-probability" data-testid="result-probability">
          {formatProbability(result, locale)}
        </p>
        <p className="result-threshold" data-testid="result-threshold" data-above={above}>
          {t(above ? 'detail.aboveThreshold' : 'detail.belowThreshold', { threshold })}
        </p>
        {model && (
          <p className="result-model" data-testid="result-model">
            {t('detail.model')}: {t('detail.modelVersion', { name: model.name, version: model.version })}
          </p>
        )}
        {(!model || !model.validated) && (
          <div className="warning-box" role="alert" data-testid="unvalidated-warning">
            <IonIcon icon={warningOutline} aria-hidden="true" />
            <span>{t('detail.unvalidatedWarning')}</span>
          </div>
        )}
      </IonCardContent>
    </IonCard>
  );
}

/** Everything known about one analysis request. The image is hidden until the user asks for it. */
export function AnalysisDetailView({ analysis, onChanged }: { analysis: AnalysisDetail; onChanged?: () => void }) {
  const { t, locale } = useI18n();
  const [showImage, setShowImage] = useState(false);
  const src = imageSource(analysis.image, analysis.imageType);
  return (
    <div className="detail" data-testid="detail" data-status={analysis.status}>
      <dl className="facts">
        <dt>{t('detail.requestDate')}</dt>
        <dd data-testid="detail-creation-date">{formatDateTime(analysis.creationDate, locale)}</dd>
        {analysis.description && (
          <>
            <dt>{t('detail.description')}</dt>
            <dd data-testid="detail-description">{analysis.description}</dd>
          </>
        )}
        {analysis.patientReference && (
          <>
            <dt>{t('detail.patientReference')}</dt>
            <dd data-testid="detail-patient-reference">{analysis.patientReference}</dd>
          </>
        )}
        {analysis.bodySite && (
          <>
            <dt>{t('detail.bodySite')}</dt>
            <dd data-testid="detail-body-site">{t(`site.${analysis.bodySite}`)}</dd>
          </>
        )}
        <dt>{t('detail.status')}</dt>
        <dd>
          <StatusBadge status={analysis.status} />
        </dd>
        {analysis.status === 'completed' && (
          <>
            <dt>{t('detail.analysisDate')}</dt>
            <dd data-testid="detail-analysis-date">{formatDateTime(analysis.analysisDate, locale)}</dd>
          </>
        )}
      </dl>

      {analysis.status === 'pending' && (
        <IonText color="medium">
          <p data-testid="detail-pending">{t('detail.pending')}</p>
        </IonText>
      )}
      {analysis.status === 'failed' && (
        <IonText color="danger">
          <p data-testid="detail-failed">
            {t('detail.failed')} {analysis.failureReason && t('detail.failureReason', { reason: analysis.failureReason })}
          </p>
        </IonText>
      )}
      {analysis.status === 'completed' && <ResultSection analysis={analysis} />}
      <ReviewSection analysis={analysis} onChanged={onChanged} />
      <EarlierAnalyses analysis={analysis} />

      <Disclaimer />

      <section className="image-section">
        <IonButton
          fill="outline"
          expand="block"
          data-testid="toggle-image"
          aria-expanded={showImage}
          onClick={() => setShowImage((shown) => !shown)}
        >
          <IonIcon slot="start" icon={showImage ? eyeOffOutline : eyeOutline} aria-hidden="true" />
          {t(showImage ? 'detail.hideImage' : 'detail.showImage')}
        </IonButton>
        {showImage &&
          (src ? (
            <img className="analysed-image" src={src} alt={t('detail.imageAlt')} data-testid="detail-image" />
          ) : (
            <p data-testid="detail-no-image">{t('detail.noImage')}</p>
          ))}
      </section>
    </div>
  );
}
