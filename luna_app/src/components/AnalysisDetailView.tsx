import { IonButton, IonIcon, IonText } from '@ionic/react';
import { eyeOffOutline, eyeOutline } from 'ionicons/icons';
import { useEffect, useRef, useState } from 'react';
import type { AnalysisDetail } from '../api/types';
import { formatDateTime, imageSource } from '../analysisView';
import { useI18n } from '../i18n/I18nContext';
import { Disclaimer } from './Disclaimer';
import { ResultCard } from './ResultCard';
import { EarlierAnalyses, ReviewSection } from './ReviewSection';
import { StatusBadge } from './StatusBadge';

/** The analysed photo and, when the analyzer made one, its heat map; shown only on request. */
function ImageSection({ analysis }: { analysis: AnalysisDetail }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const revealed = useRef<HTMLDivElement>(null);
  const src = imageSource(analysis.image, analysis.imageType);
  const heatmap = analysis.heatmap?.startsWith('data:image/') ? analysis.heatmap : null;

  // A revealed image opens below the fold on a phone: bring it into view, again once it has
  // loaded (before that it has no height, and the page may not scroll far enough).
  const bringIntoView = () => revealed.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  useEffect(() => {
    if (shown) bringIntoView();
  }, [shown]);

  return (
    <section className="image-section">
      <IonButton
        fill="outline"
        expand="block"
        data-testid="toggle-image"
        aria-expanded={shown}
        onClick={() => setShown((value) => !value)}
      >
        <IonIcon slot="start" icon={shown ? eyeOffOutline : eyeOutline} aria-hidden="true" />
        {t(shown ? 'detail.hideImage' : 'detail.showImage')}
      </IonButton>
      {shown && (
        <div className="revealed-images" ref={revealed} data-testid="revealed-images">
          {src ? (
            <img
              className="analysed-image"
              src={src}
              alt={t('detail.imageAlt')}
              data-testid="detail-image"
              onLoad={bringIntoView}
            />
          ) : (
            <p data-testid="detail-no-image">{t('detail.noImage')}</p>
          )}
          {heatmap && (
            <figure className="heatmap">
              <img src={heatmap} alt={t('detail.heatmapAlt')} data-testid="detail-heatmap" onLoad={bringIntoView} />
              <figcaption>{t('detail.heatmapCaption')}</figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

/** Everything known about one analysis request. The image is hidden until the user asks for it. */
export function AnalysisDetailView({ analysis, onChanged }: { analysis: AnalysisDetail; onChanged?: () => void }) {
  const { t, locale } = useI18n();
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
      {analysis.status === 'completed' ? <ResultCard analysis={analysis} /> : <Disclaimer />}
      <ReviewSection analysis={analysis} onChanged={onChanged} />
      <EarlierAnalyses analysis={analysis} />

      <ImageSection analysis={analysis} />
    </div>
  );
}
