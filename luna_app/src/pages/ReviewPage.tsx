import { IonBadge, IonCard, IonCardContent, IonContent, IonPage, IonProgressBar, IonText } from '@ionic/react';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { getAnalysis } from '../api/client';
import type { ReviewSubmission } from '../api/clinicalTypes';
import { getModelCard, submitReview, type ModelCard } from '../api/reviews';
import type { AnalysisDetail } from '../api/types';
import { formatDateTime, formatProbability, imageSource } from '../analysisView';
import { Disclaimer } from '../components/Disclaimer';
import { PageHeader } from '../components/PageHeader';
import { ResultCard } from '../components/ResultCard';
import { ReviewForm } from '../components/ReviewForm';
import { ReviewOpinionCard } from '../components/ReviewOpinionCard';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';

/**
 * The model's result as the GP sees it (the shared honest card: neutral for a model without
 * clinical validation, a risk band for a validated one), then which model it was and why its card
 * says it is or is not validated.
 */
function ModelResult({ analysis, card }: { analysis: AnalysisDetail; card: ModelCard | null }) {
  const { t, locale } = useI18n();
  const { result, model } = analysis;
  if (result == null) return null;
  return (
    <>
      <ResultCard analysis={analysis} />
      {model && (
        <IonCard className="model-context" data-testid="review-model-context">
          <IonCardContent>
            <p data-testid="review-model">
              {t('detail.model')}: {t('detail.modelVersion', { name: model.name, version: model.version })}
            </p>
            <p>
              {model.validated && (
                <>{t('reviewPage.threshold', { threshold: formatProbability(model.threshold, locale) })} · </>
              )}
              <IonBadge color={model.validated ? 'success' : 'medium'} data-testid="review-model-validated">
                {t(model.validated ? 'reviewPage.validated' : 'reviewPage.notValidated')}
              </IonBadge>
            </p>
            {card?.validationReason && (
              <p className="muted" data-testid="review-model-card">
                {t('reviewPage.modelCard')}: {card.validationReason}
              </p>
            )}
          </IonCardContent>
        </IonCard>
      )}
    </>
  );
}

/** One analysis for the dermatologist: photo at once, context, model result, heatmap, the form. */
export function ReviewPage() {
  const { t, locale } = useI18n();
  const { id } = useParams<{ id: string }>();
  const [analysis, setAnalysis] = useState<AnalysisDetail | null>(null);
  const [card, setCard] = useState<ModelCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    try {
      const record = await getAnalysis(id);
      setAnalysis(record);
      setError(null);
      if (record.model) setCard(await getModelCard(record.model.name, record.model.version));
    } catch (caught) {
      setError(describeError(caught, t));
    }
  }, [id, t]);

  useEffect(() => {
    setAnalysis(null);
    setSaved(false);
    void load();
  }, [load]);

  const send = async (review: ReviewSubmission) => {
    setSending(true);
    setError(null);
    try {
      await submitReview(id, review);
      setSaved(true);
      await load();
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setSending(false);
    }
  };

  const src = analysis ? imageSource(analysis.image, analysis.imageType) : null;
  const review = analysis?.review;
  return (
    <IonPage data-testid="review-page">
      <PageHeader title={t('reviewPage.title')} backHref="/app/worklist" />
      <IonContent className="ion-padding">
        <div className="page-body wide">
          {!analysis && !error && <IonProgressBar type="indeterminate" />}
          {error && (
            <IonText color="danger">
              <p role="alert" data-testid="review-error">
                {error}
              </p>
            </IonText>
          )}
          {analysis && (
            <div className="review-layout" data-testid="review-analysis" data-analysis-id={analysis.id}>
              <section className="review-images">
                <figure>
                  {src && <img className="analysed-image" src={src} alt={t('detail.imageAlt')} data-testid="review-image" />}
                  <figcaption>{t('reviewPage.image')}</figcaption>
                </figure>
                {analysis.heatmap ? (
                  <figure>
                    <img className="analysed-image" src={analysis.heatmap} alt={t('reviewPage.heatmapAlt')} data-testid="review-heatmap" />
                    <figcaption>{t('reviewPage.heatmap')}</figcaption>
                  </figure>
                ) : (
                  <p className="muted" data-testid="review-no-heatmap">
                    {t('reviewPage.noHeatmap')}
                  </p>
                )}
              </section>
              <section className="review-context">
                <dl className="facts">
                  <dt>{t('detail.requestDate')}</dt>
                  <dd>{formatDateTime(analysis.creationDate, locale)}</dd>
                  <dt>{t('detail.bodySite')}</dt>
                  <dd data-testid="review-body-site">
                    {analysis.bodySite ? t(`site.${analysis.bodySite}`) : t('patient.bodySiteNone')}
                  </dd>
                  <dt>{t('detail.description')}</dt>
                  <dd data-testid="review-description">{analysis.description || t('requests.noDescription')}</dd>
                  {review && review.reasons.length > 0 && (
                    <>
                      <dt>{t('review.reasons')}</dt>
                      <dd>{review.reasons.map((reason) => t(`review.reason.${reason}`)).join(' · ')}</dd>
                    </>
                  )}
                  {review?.question && (
                    <>
                      <dt>{t('review.gpQuestion')}</dt>
                      <dd data-testid="review-gp-question">{review.question}</dd>
                    </>
                  )}
                </dl>
                <ModelResult analysis={analysis} card={card} />
                {analysis.result == null && <Disclaimer />}
                {saved && (
                  <IonText color="success">
                    <p role="status" data-testid="review-saved">
                      {t('reviewPage.saved')}
                    </p>
                  </IonText>
                )}
                {review?.status === 'done' && <ReviewOpinionCard review={review} />}
                <ReviewForm
                  key={`${analysis.id}-${review?.reviewedAt ?? 'new'}`}
                  amends={review?.status === 'done'}
                  sending={sending}
                  onSubmit={(submission) => void send(submission)}
                />
              </section>
            </div>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
